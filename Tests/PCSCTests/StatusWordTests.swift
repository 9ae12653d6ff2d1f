import Testing

@testable import PCSC

/// SW1 SW2, their ISO 7816-4 meaning and how they print.
@Suite("StatusWord")
struct StatusWordTests {
    @Test(
        "sw1 and sw2 split the raw value",
        arguments: [(UInt16(0x9000), UInt8(0x90), UInt8(0x00)), (0x6A82, 0x6A, 0x82), (0x61FF, 0x61, 0xFF), (0x0001, 0x00, 0x01)])
    func bytes(raw: UInt16, sw1: UInt8, sw2: UInt8) {
        let word = StatusWord(rawValue: raw)
        #expect(word.sw1 == sw1)
        #expect(word.sw2 == sw2)
        #expect(StatusWord(sw1: sw1, sw2: sw2) == word)
    }

    @Test("9000 means success")
    func success() {
        #expect(StatusWord(sw1: 0x90, sw2: 0x00).meaning.lowercased().contains("success"))
        #expect(StatusWord.success.isSuccess)
    }

    @Test(
        "61xx gives the number of bytes waiting; 61 00 means 256",
        arguments: [(UInt8(0x10), "16"), (0x01, "1"), (0xFF, "255"), (0x00, "256")])
    func moreData(sw2: UInt8, count: String) {
        let meaning = StatusWord(sw1: 0x61, sw2: sw2).meaning
        #expect(meaning.contains(count))
        #expect(meaning.contains("GET RESPONSE") || meaning.contains("more"))
        if sw2 == 0 { #expect(!meaning.hasPrefix("0 ")) }
    }

    @Test("6Cxx gives the right Le; 6C 00 means 256", arguments: [(UInt8(0x20), "32"), (0x00, "256")])
    func wrongLe(sw2: UInt8, count: String) {
        let meaning = StatusWord(sw1: 0x6C, sw2: sw2).meaning
        #expect(meaning.contains(count))
        #expect(meaning.lowercased().contains("le"))
    }

    @Test("6A82 is file or application not found")
    func fileNotFound() {
        #expect(StatusWord(rawValue: 0x6A82).meaning.contains("not found"))
    }

    @Test("an unassigned status word reads as unknown", arguments: [UInt16(0x1234), 0x0000, 0x9F10])
    func unknown(raw: UInt16) {
        #expect(StatusWord(rawValue: raw).meaning.lowercased().contains("unknown"))
    }

    @Test(
        "description is four upper-case hex digits then the meaning", arguments: [UInt16(0x9000), 0x6A82, 0x6100, 0x0042, 0x000F, 0xABCD])
    func description(raw: UInt16) {
        let word = StatusWord(rawValue: raw)
        let text = word.description
        let digits = String(text.prefix(4))
        #expect(UInt16(digits, radix: 16) == raw)
        #expect(digits == digits.uppercased())
        #expect(text.dropFirst(4).first == " ")
        #expect(text.contains(word.meaning))
    }
}
