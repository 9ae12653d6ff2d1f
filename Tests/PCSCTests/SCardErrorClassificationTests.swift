import Testing

@testable import PCSC

/// Which errors mean "pcscd went away" and which mean "the card went away".
@Suite("SCardError classification")
struct SCardErrorClassificationTests {
    @Test("service-lost codes", arguments: [SCardError.noService, .serviceStopped])
    func serviceLost(error: SCardError) {
        #expect(error.meansServiceLost)
        #expect(!error.meansCardGone)
    }

    @Test("card-gone codes", arguments: [SCardError.removedCard, .noSmartcard, .unpoweredCard, .resetCard, .unresponsiveCard])
    func cardGone(error: SCardError) {
        #expect(error.meansCardGone)
        #expect(!error.meansServiceLost)
    }

    @Test(
        "ordinary failures are neither",
        arguments: [
            SCardError.timeout, .cancelled, .sharingViolation, .invalidParameter, .insufficientBuffer, SCardError(rawValue: 0x1234_5678),
        ]
    )
    func neither(error: SCardError) {
        #expect(!error.meansServiceLost)
        #expect(!error.meansCardGone)
    }

    @Test("no code is both service-lost and card-gone", arguments: SCardError.catalogue.keys.sorted())
    func exclusive(code: UInt32) {
        let error = SCardError(rawValue: code)
        #expect(!(error.meansServiceLost && error.meansCardGone))
    }
}
