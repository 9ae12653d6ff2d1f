import Testing

@testable import PCSC

/// Malformed cards and failing transports end the exchange with an error.
@Suite("APDUExchange failures")
struct APDUExchangeFailureTests {
    static let command = CommandAPDU.getUID

    @Test("a card that answers 61xx forever is stopped", arguments: [UInt8(0x10), 0x00])
    func endlessChain(sw2: UInt8) throws {
        let card = ScriptedCard { command in
            // Some data in each piece, so both the round limit and the size limit are in reach.
            [UInt8](repeating: 0xEE, count: command[1] == 0xC0 ? 8 : 0) + [0x61, sw2]
        }
        do {
            _ = try APDUExchange.run(Self.command, transmit: card.transmit)
            Issue.record("an endless 61xx chain returned")
        } catch let error as APDUError {
            guard case .responseChainTooLong = error else {
                Issue.record("expected responseChainTooLong, got \(error)")
                return
            }
        }
        // Bounded: enough for a 64 KiB answer in 256-byte pieces, far from unbounded.
        #expect(card.sent.count >= 257)
        #expect(card.sent.count <= 1_000)
    }

    @Test("a card that sends 256 bytes with 61 00 forever is stopped by size")
    func endlessLargeChain() throws {
        let card = ScriptedCard { _ in [UInt8](repeating: 0x11, count: 256) + [0x61, 0x00] }
        #expect {
            try APDUExchange.run(Self.command, transmit: card.transmit)
        } throws: { error in
            guard let error = error as? APDUError, case .responseChainTooLong(_, let bytes) = error else { return false }
            return bytes >= 65_536
        }
        #expect(card.sent.count <= 1_000)
    }

    @Test("a 1-byte answer is too short", arguments: [0, 1])
    func shortAnswer(count: Int) {
        let card = ScriptedCard([[UInt8](repeating: 0x90, count: count)])
        #expect(throws: APDUError.responseTooShort(count)) {
            try APDUExchange.run(Self.command, transmit: card.transmit)
        }
    }

    @Test("a 1-byte answer to GET RESPONSE is too short")
    func shortAnswerInChain() {
        let card = ScriptedCard([hex("61 04"), [0x90]])
        #expect(throws: APDUError.responseTooShort(1)) {
            try APDUExchange.run(Self.command, transmit: card.transmit)
        }
    }

    struct TransportFailure: Error, Equatable {}

    @Test("a transport error propagates unchanged")
    func transportError() {
        #expect(throws: TransportFailure()) {
            try APDUExchange.run(Self.command) { _ in throw TransportFailure() }
        }
        #expect(throws: SCardError.removedCard) {
            try APDUExchange.run(Self.command) { _ in throw SCardError.removedCard }
        }
    }

    @Test("a transport error in the middle of a chain propagates")
    func transportErrorMidChain() {
        var calls = 0
        #expect(throws: SCardError.removedCard) {
            try APDUExchange.run(Self.command) { _ in
                calls += 1
                if calls == 1 { return hex("01 61 10") }
                throw SCardError.removedCard
            }
        }
        #expect(calls == 2)
    }
}
