import Testing

@testable import PCSC

/// Parsing a card's answer into data and status word.
@Suite("ResponseAPDU parsing")
struct ResponseAPDUTests {
    @Test("fewer than two bytes is too short", arguments: [[UInt8](), [0x90]])
    func tooShort(bytes: [UInt8]) {
        #expect(throws: APDUError.responseTooShort(bytes.count)) {
            try ResponseAPDU(bytes: bytes)
        }
    }

    @Test("two bytes are a bare status word")
    func statusOnly() throws {
        let response = try ResponseAPDU(bytes: [0x90, 0x00])
        #expect(response.data.isEmpty)
        #expect(response.status == .success)
        #expect(response.status.isSuccess)
    }

    @Test("the last two bytes are the status, the rest is data")
    func dataAndStatus() throws {
        let response = try ResponseAPDU(bytes: hex("04 A2 2B 6A 80 6A 82"))
        #expect(response.data == hex("04 A2 2B 6A 80"))
        #expect(response.status.sw1 == 0x6A)
        #expect(response.status.sw2 == 0x82)
        #expect(response.status == .fileNotFound)
        #expect(!response.status.isSuccess)
    }

    @Test("bytes gives back what the card sent")
    func bytesRoundTrip() throws {
        let raw = hex("01 02 03 04 05 06 07 90 00")
        #expect(try ResponseAPDU(bytes: raw).bytes == raw)
        #expect(try ResponseAPDU(bytes: raw[...]).data == Array(raw.prefix(7)))
    }
}
