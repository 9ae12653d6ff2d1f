import Testing

@testable import PCSC

/// A command as short APDUs, for readers without extended lengths: chaining and a short Le.
@Suite("CommandAPDU.shortChain")
struct CommandAPDUShortChainTests {
    @Test("a short command is sent as it is")
    func shortUnchanged() throws {
        let command = try CommandAPDU(cla: 0x80, ins: 0x88, p1: 0, p2: 0, data: Array(repeating: 7, count: 16), expectedLength: 256)
        #expect(command.shortChain() == [command])
    }

    @Test("an extended Le becomes the short 00, the data left as it is")
    func shortLe() throws {
        let select = try CommandAPDU(
            cla: 0x00, ins: 0xA4, p1: 0x04, p2: 0x00, data: [0xF0, 1, 2, 3, 4, 5, 6, 7, 8], expectedLength: 65_536)
        let pieces = select.shortChain()
        #expect(pieces.count == 1)
        #expect(pieces[0].bytes == [0x00, 0xA4, 0x04, 0x00, 0x09, 0xF0, 1, 2, 3, 4, 5, 6, 7, 8, 0x00])
        #expect(!pieces[0].isExtended)
    }

    @Test(
        "data over 255 bytes goes in pieces of 255, class bit 10 on all but the last, Le on the last only",
        arguments: [256, 620, 765, 1536])
    func chained(length: Int) throws {
        let data = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        let write = try CommandAPDU(cla: 0x80, ins: 0xD2, p1: 0, p2: 0, data: data, expectedLength: 300)
        let pieces = write.shortChain()
        #expect(pieces.count == (length + 254) / 255)
        #expect(pieces.dropLast().allSatisfy { $0.cla == 0x90 && $0.data.count == 255 && $0.expectedLength == nil })
        #expect(pieces.last?.cla == 0x80)
        #expect(pieces.last?.expectedLength == 256)
        #expect(pieces.allSatisfy { !$0.isExtended && $0.ins == 0xD2 })
        #expect(pieces.flatMap(\.data) == data)
    }
}
