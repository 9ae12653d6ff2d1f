import Checkout
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import POSAPI

/// Wrong tokens: counted per peer, then refused without a check (429 with `Retry-After`); and
/// every route guarded when the API is reachable from the network.
@Suite("Failed token attempts and an API reachable from the network")
struct FailedAttemptTests {
    /// A time the test moves by hand.
    final class ManualTime: Sendable {
        let now = Mutex(Duration.seconds(1000))
        func advance(_ duration: Duration) { now.withLock { $0 += duration } }
    }

    @Test("a peer's allowance: used up by failures, back one attempt per refill; peers apart")
    func buckets() {
        let time = ManualTime()
        let limiter = FailedAttemptLimiter(policy: FailedAttemptPolicy(burst: 3, refill: .seconds(10)), now: { time.now.withLock { $0 } })
        #expect(limiter.waitBeforeAttempt(peer: "10.0.0.1") == nil)
        #expect(limiter.recordFailure(peer: "10.0.0.1") == 2)
        #expect(limiter.recordFailure(peer: "10.0.0.1") == 1)
        #expect(limiter.waitBeforeAttempt(peer: "10.0.0.1") == nil)
        #expect(limiter.recordFailure(peer: "10.0.0.1") == 0)
        #expect(limiter.waitBeforeAttempt(peer: "10.0.0.1") == .seconds(10))
        #expect(limiter.waitBeforeAttempt(peer: "10.0.0.2") == nil)
        time.advance(.seconds(4))
        #expect(limiter.waitBeforeAttempt(peer: "10.0.0.1") == .seconds(6))
        time.advance(.seconds(6))
        #expect(limiter.waitBeforeAttempt(peer: "10.0.0.1") == nil)
        #expect(limiter.recordFailure(peer: "10.0.0.1") == 0)
        #expect(limiter.waitBeforeAttempt(peer: "10.0.0.1") == .seconds(10))
        time.advance(.seconds(60))
        #expect(limiter.recordFailure(peer: "10.0.0.1") == 2)
    }

    @Test("the table of peers stays bounded")
    func bounded() {
        let time = ManualTime()
        let limiter = FailedAttemptLimiter(policy: FailedAttemptPolicy(burst: 2, refill: .seconds(10)), now: { time.now.withLock { $0 } })
        for index in 0..<(FailedAttemptLimiter.maximumPeers + 10) {
            limiter.recordFailure(peer: "peer-\(index)")
            limiter.recordFailure(peer: "peer-\(index)")
            time.advance(.milliseconds(1))
        }
        // The newest are still held to their allowance; the oldest were forgotten.
        #expect(limiter.waitBeforeAttempt(peer: "peer-\(FailedAttemptLimiter.maximumPeers + 9)") != nil)
        #expect(limiter.waitBeforeAttempt(peer: "peer-0") == nil)
    }

    @Test("after the allowance of wrong tokens, 429 with Retry-After, the right token not even checked")
    func throttled() async throws {
        let checkout = ScriptedCheckout()
        let options = POSAPIOptions(token: "s3cret-token-long", failedAttempts: FailedAttemptPolicy(burst: 3, refill: .seconds(30)))
        try await withAPI(checkout, options: options) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/v1/balance", method: .post, headers: jsonHeaders(token: "wrong"), body: body("{}")) {
                    response throws in
                    #expect(response.status == .unauthorized)
                }
            }
            for token in ["wrong", "s3cret-token-long"] {
                try await client.execute(uri: "/v1/balance", method: .post, headers: jsonHeaders(token: token), body: body("{}")) {
                    response throws in
                    #expect(response.status == .tooManyRequests)
                    let seconds = try #require(response.headers[.retryAfter].flatMap { Int($0) })
                    #expect((1...30).contains(seconds), "Retry-After \(seconds) s: at most the refill time")
                    #expect(try #require(response.errorBody).error == "too-many-attempts")
                }
            }
            // Health stays open on loopback.
            try await client.execute(uri: "/health", method: .get) { response throws in #expect(response.status == .ok) }
        }
        #expect(checkout.calls == [.health])
    }

    @Test("reachable from the network: every route needs the token, /health included")
    func everyRoute() async throws {
        let checkout = ScriptedCheckout()
        let options = POSAPIOptions(token: "s3cret-token-long", tokenGuardsEveryRoute: true)
        try await withAPI(checkout, options: options) { client in
            for uri in ["/health", "/v1/transactions/S-1"] {
                try await client.execute(uri: uri, method: .get) { response throws in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                }
            }
            try await client.execute(uri: "/health", method: .get, headers: jsonHeaders(token: "s3cret-token-long")) { response throws in
                #expect(response.status == .ok)
            }
        }
        #expect(checkout.calls == [.health])
    }
}
