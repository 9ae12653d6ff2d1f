import Testing

@testable import PCSC

/// How an ``SCardError`` prints: C name and meaning, or the hex code when unknown.
@Suite("SCardError description")
struct SCardErrorDescriptionTests {
    @Test("an unknown code prints its hex value", arguments: [UInt32(0x8010_0099), 0xDEAD_BEEF, 0x0000_0ABC])
    func unknownCodePrintsHex(code: UInt32) {
        let error = SCardError(rawValue: code)
        let hexDigits = String(code, radix: 16)
        #expect(error.cName.lowercased().contains(hexDigits))
        #expect(error.description.lowercased().contains(hexDigits))
        #expect(!error.meaning.isEmpty)
    }

    @Test("two unknown codes print differently")
    func unknownCodesAreDistinguishable() {
        #expect(SCardError(rawValue: 0x8010_0099).description != SCardError(rawValue: 0x8010_009A).description)
    }

    @Test(
        "the description contains the C name and the meaning", arguments: [SCardError.noService, .removedCard, .timeout, .sharingViolation])
    func descriptionContainsNameAndMeaning(error: SCardError) {
        #expect(error.description.contains(error.cName))
        #expect(error.description.contains(error.meaning))
        #expect("\(error)".contains(error.cName))
    }

    @Test("the no-service description names SCARD_E_NO_SERVICE")
    func noServiceDescription() {
        #expect(SCardError(rawValue: 0x8010_001D).description.contains("SCARD_E_NO_SERVICE"))
    }
}
