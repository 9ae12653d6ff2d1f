import Testing

@testable import PCSC

/// The byte encoding of each ISO/IEC 7816-4 command case, against hand-written expectations.
@Suite("CommandAPDU encoding")
struct CommandAPDUEncodingTests {
    static let aid = hex("A0 00 00 06 47 2F 00 01")

    @Test("case 1: header only")
    func case1() throws {
        let command = try CommandAPDU(cla: 0x00, ins: 0x70, p1: 0x80, p2: 0x01)
        #expect(command.bytes == hex("00 70 80 01"))
        #expect(!command.isExtended)
    }

    @Test(
        "case 2S: header then Le",
        arguments: [(16, "00 B0 00 00 10"), (1, "00 B0 00 00 01"), (255, "00 B0 00 00 FF"), (256, "00 B0 00 00 00")])
    func case2Short(le: Int, expected: String) throws {
        let command = try CommandAPDU(cla: 0x00, ins: 0xB0, p1: 0, p2: 0, expectedLength: le)
        #expect(command.bytes == hex(expected))
        #expect(!command.isExtended)
    }

    @Test("case 3S: header, Lc, data")
    func case3Short() throws {
        let command = try CommandAPDU(cla: 0x00, ins: 0xDA, p1: 0x01, p2: 0x02, data: [0x11, 0x22, 0x33])
        #expect(command.bytes == hex("00 DA 01 02 03 11 22 33"))
    }

    @Test("case 4S: header, Lc, data, Le")
    func case4Short() throws {
        let command = try CommandAPDU(cla: 0x00, ins: 0xA4, p1: 0x04, p2: 0x00, data: Self.aid, expectedLength: 256)
        #expect(command.bytes == hex("00 A4 04 00 08 A0 00 00 06 47 2F 00 01 00"))
        let withLe = try CommandAPDU(cla: 0x00, ins: 0xA4, p1: 0x04, p2: 0x00, data: Self.aid, expectedLength: 0x20)
        #expect(withLe.bytes.last == 0x20)
        #expect(withLe.bytes.count == 4 + 1 + 8 + 1)
    }

    @Test(
        "case 2E: header, 00, two-byte Le",
        arguments: [
            (257, "00 B0 00 00 00 01 01"), (0x1234, "00 B0 00 00 00 12 34"), (65_535, "00 B0 00 00 00 FF FF"),
            (65_536, "00 B0 00 00 00 00 00"),
        ])
    func case2Extended(le: Int, expected: String) throws {
        let command = try CommandAPDU(cla: 0x00, ins: 0xB0, p1: 0, p2: 0, expectedLength: le)
        #expect(command.isExtended)
        #expect(command.bytes == hex(expected))
    }

    @Test("case 3E: header, 00, two-byte Lc, data")
    func case3Extended() throws {
        let data = (0..<300).map { UInt8(truncatingIfNeeded: $0) }
        let command = try CommandAPDU(cla: 0x80, ins: 0xD6, p1: 0, p2: 0, data: data)
        #expect(command.isExtended)
        #expect(Array(command.bytes.prefix(7)) == hex("80 D6 00 00 00 01 2C"))
        #expect(Array(command.bytes.dropFirst(7)) == data)
    }

    @Test("case 4E: header, 00, two-byte Lc, data, two-byte Le (no second 00)")
    func case4Extended() throws {
        let data = [UInt8](repeating: 0xAB, count: 256)
        let command = try CommandAPDU(cla: 0x00, ins: 0x2A, p1: 0x9E, p2: 0x9A, data: data, expectedLength: 65_536)
        #expect(Array(command.bytes.prefix(7)) == hex("00 2A 9E 9A 00 01 00"))
        #expect(Array(command.bytes.dropFirst(7).dropLast(2)) == data)
        #expect(Array(command.bytes.suffix(2)) == [0x00, 0x00])
        #expect(command.bytes.count == 4 + 3 + 256 + 2)
    }

    @Test("case 4E because of Le alone: short data is still sent with an extended Lc")
    func case4ExtendedByLe() throws {
        let command = try CommandAPDU(cla: 0x00, ins: 0xB1, p1: 0, p2: 0, data: [0x54, 0x02], expectedLength: 1000)
        #expect(command.bytes == hex("00 B1 00 00 00 00 02 54 02 03 E8"))
    }

    @Test("Le 256 with 256 data bytes is extended and encodes as 01 00")
    func le256InExtendedCommand() throws {
        let command = try CommandAPDU(cla: 0, ins: 0xCB, p1: 0x3F, p2: 0xFF, data: [UInt8](repeating: 1, count: 256), expectedLength: 256)
        #expect(Array(command.bytes.suffix(2)) == [0x01, 0x00])
    }

    @Test("255 data bytes stay short, 256 switch to extended")
    func shortExtendedBoundary() throws {
        let short = try CommandAPDU(cla: 0, ins: 0xD6, p1: 0, p2: 0, data: [UInt8](repeating: 7, count: 255))
        #expect(!short.isExtended)
        #expect(short.bytes[4] == 0xFF)
        #expect(short.bytes.count == 4 + 1 + 255)

        let extended = try CommandAPDU(cla: 0, ins: 0xD6, p1: 0, p2: 0, data: [UInt8](repeating: 7, count: 256))
        #expect(extended.isExtended)
        #expect(Array(extended.bytes[4...6]) == [0x00, 0x01, 0x00])
        #expect(extended.bytes.count == 4 + 3 + 256)
    }

    @Test("GET UID pseudo-APDU is FF CA 00 00 00")
    func getUID() {
        #expect(CommandAPDU.getUID.bytes == hex("FF CA 00 00 00"))
    }

    @Test("GET RESPONSE is 00 C0 00 00 Le on the given class")
    func getResponse() {
        #expect(CommandAPDU.getResponse(cla: 0, length: 0x10).bytes == hex("00 C0 00 00 10"))
        #expect(CommandAPDU.getResponse(cla: 0x01, length: 256).bytes == hex("01 C0 00 00 00"))
    }
}
