import Foundation
import Hummingbird
import HummingbirdTesting
import SyncProtocol
import Testing

/// What anyone may ask, and how the server answers what it does not serve: every answer carries
/// the server's clock, every refusal is a `ProblemAnswer`.
@Suite("Open endpoints and refusals")
struct OpenEndpointTests {
    @Test("GET /health answers 200 with the server's clock in Loyalty-Server-Time")
    func health() async throws {
        try await ServerFixture.run { server in
            try await server.client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.header(SyncHeader.serverTime) == String(ServerFixture.now))
            }
        }
    }

    @Test("GET /v1/time answers the clock the server was given")
    func time() async throws {
        let instant: Int64 = 1_234_567_890_123
        try await ServerFixture.run(options: .init(clock: { instant })) { server in
            try await server.client.execute(uri: "/v1/time", method: .get) { response in
                #expect(response.status == .ok)
                let answer = try response.decoded(TimeAnswer.self)
                #expect(answer.serverTime == instant)
                #expect(response.headers[.contentType] == "application/json")
            }
        }
    }

    @Test("an unknown path is a 404 ProblemAnswer with code not-found and the server's time")
    func unknownPath() async throws {
        try await ServerFixture.run { server in
            try await server.client.execute(uri: "/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                let problem = try #require(response.problem)
                #expect(problem.error == "not-found")
                #expect(problem.serverTime == ServerFixture.now)
                #expect(response.header(SyncHeader.serverTime) == String(ServerFixture.now))
            }
        }
    }
}
