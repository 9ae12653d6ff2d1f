import Testing

@testable import PCSC

/// The lengths a command cannot carry are refused when it is built.
@Suite("CommandAPDU limits")
struct CommandAPDULimitsTests {
    @Test("data longer than 65535 bytes is refused", arguments: [65_536, 70_000])
    func dataTooLong(count: Int) {
        #expect(throws: APDUError.commandDataTooLong(count)) {
            try CommandAPDU(cla: 0, ins: 0xD6, p1: 0, p2: 0, data: [UInt8](repeating: 0, count: count))
        }
    }

    @Test("65535 data bytes is the most an extended APDU takes")
    func dataAtLimit() throws {
        let command = try CommandAPDU(cla: 0, ins: 0xD6, p1: 0, p2: 0, data: [UInt8](repeating: 0, count: 65_535))
        #expect(Array(command.bytes[4...6]) == [0x00, 0xFF, 0xFF])
        #expect(command.bytes.count == 4 + 3 + 65_535)
    }

    @Test("Le outside 1...65536 is refused", arguments: [0, -1, 65_537, Int.max])
    func invalidLe(le: Int) {
        #expect(throws: APDUError.invalidExpectedLength(le)) {
            try CommandAPDU(cla: 0, ins: 0xB0, p1: 0, p2: 0, expectedLength: le)
        }
    }

    @Test("Le at both ends of 1...65536 is accepted", arguments: [1, 65_536])
    func validLeBounds(le: Int) throws {
        let command = try CommandAPDU(cla: 0, ins: 0xB0, p1: 0, p2: 0, expectedLength: le)
        #expect(command.expectedLength == le)
    }
}
