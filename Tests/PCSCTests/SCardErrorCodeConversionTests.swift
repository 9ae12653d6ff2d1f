import Testing

@testable import PCSC

/// `init(code:)` takes the raw `LONG` (64-bit on Linux) a C call returned.
@Suite("SCardError from a C LONG")
struct SCardErrorCodeConversionTests {
    @Test("zero-extended and sign-extended LONGs give the same error")
    func signExtension() {
        let zeroExtended = Int(0x8010_001D)
        let signExtended = Int(Int32(bitPattern: 0x8010_001D))
        #expect(signExtended < 0)
        #expect(SCardError(code: zeroExtended) == .noService)
        #expect(SCardError(code: signExtended) == .noService)
    }

    @Test("every catalogued code survives both extensions", arguments: SCardError.catalogue.keys.sorted())
    func everyCode(code: UInt32) {
        let expected = SCardError(rawValue: code)
        #expect(SCardError(code: Int(code)) == expected)
        #expect(SCardError(code: Int(Int32(bitPattern: code))) == expected)
        #expect(SCardError(code: Int(Int32(bitPattern: code))).cName == expected.cName)
    }

    @Test("a sign-extended removed-card code is classified as card gone")
    func classificationAfterConversion() {
        let error = SCardError(code: Int(Int32(bitPattern: 0x8010_0069)))
        #expect(error == .removedCard)
        #expect(error.meansCardGone)
    }
}
