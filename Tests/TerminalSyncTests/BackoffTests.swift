import LoyaltyJournal
import Testing

@testable import TerminalSync

/// The sync service's retry waits: exponential, capped, jittered into the upper half, reset by a
/// success.
@Suite("Sync backoff")
struct BackoffTests {
    @Test("each wait lies in the upper half of min(initial × 2^(n-1), maximum)", arguments: [1, 2, 3, 42])
    func bounds(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(5))
        for failure in 1...40 {
            let wait = backoff.failed(using: &generator)
            let ceiling = min(Duration.milliseconds(100) * (1 << min(failure - 1, 30)), .seconds(5))
            #expect(wait >= ceiling / 2 && wait <= ceiling, "failure \(failure): \(wait) against \(ceiling)")
        }
        #expect(backoff.failures == 40)
    }

    @Test("terminals that failed together do not come back in step")
    func jitter() {
        var first = SplitMix64(seed: 1)
        var second = SplitMix64(seed: 2)
        var a = Backoff(initial: .seconds(1), maximum: .seconds(60))
        var b = Backoff(initial: .seconds(1), maximum: .seconds(60))
        let waitsA = (0..<8).map { _ in a.failed(using: &first) }
        let waitsB = (0..<8).map { _ in b.failed(using: &second) }
        #expect(zip(waitsA, waitsB).filter { $0 == $1 }.isEmpty)
    }

    @Test("a success starts the count again")
    func reset() {
        var generator = SplitMix64(seed: 7)
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(5))
        for _ in 0..<6 { _ = backoff.failed(using: &generator) }
        backoff.succeeded()
        #expect(backoff.failures == 0)
        #expect(backoff.failed(using: &generator) <= .milliseconds(100))
    }
}
