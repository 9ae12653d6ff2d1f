import Testing

@testable import PCSC

/// Hex text for APDUs, ATRs and UIDs.
@Suite("Hex")
struct HexTests {
    @Test("encode gives upper-case digits without separators")
    func encode() {
        #expect(Hex.encode([0x3B, 0x8F, 0x80, 0x01]) == "3B8F8001")
        #expect(Hex.encode([0x00, 0x0A, 0xF0, 0xFF]) == "000AF0FF")
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test("every byte value survives encode then decode")
    func roundTripAllBytes() throws {
        let all = (0...255).map { UInt8($0) }
        let text = Hex.encode(all)
        #expect(text.count == 512)
        #expect(try #require(Hex.decode(text)) == all)
        #expect(try #require(Hex.decode(text.lowercased())) == all)
    }

    @Test(
        "spaces and colons are allowed between bytes",
        arguments: ["04 A2 2B 6A", "04:A2:2B:6A", "04a22b6a", " 04 a2:2B 6A "]
    )
    func separators(text: String) {
        #expect(Hex.decode(text) == [0x04, 0xA2, 0x2B, 0x6A])
    }

    @Test("odd length and non-hex characters are refused", arguments: ["ABC", "0", "GG", "0x12", "12-34", "1 2 3", "é1", "12_34"])
    func invalid(text: String) {
        #expect(Hex.decode(text) == nil)
    }

    @Test("empty text is no bytes")
    func empty() {
        #expect(Hex.decode("") == [])
    }
}
