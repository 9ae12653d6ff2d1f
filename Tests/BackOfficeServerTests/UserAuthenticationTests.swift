import BackOfficeStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import SyncProtocol
import Testing

/// Users' endpoints want `Authorization: Bearer <token>` of a known user: 401 with a `Bearer`
/// challenge otherwise (`GET /v1/terminals`, `GET /v1/alarms`).
@Suite("Back-office users: bearer tokens")
struct UserAuthenticationTests {
    @Test(
        "no Authorization, another scheme, an empty or unknown token: 401 with a Bearer challenge",
        arguments: [nil, "Basic dXNlcjpwYXNz", "Bearer ", "Bearer lbo_not-a-users-token"])
    func refused(authorization: String?) async throws {
        try await ServerFixture.run { server in
            _ = try await server.user("someone")
            let headers: HTTPFields = authorization.map { [.authorization: $0] } ?? [:]
            try await server.client.execute(uri: "/v1/terminals", method: .get, headers: headers) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(response.problem?.error == "unauthenticated")
            }
        }
    }

    @Test("a user's token lists the enrolled terminals, their keys and how far each has synced")
    func terminals() async throws {
        try await ServerFixture.run { server in
            let token = try await server.user("auditor")
            let till = try await server.terminal(7)
            _ = try await server.store.ingest(
                terminal: 7,
                [
                    UploadedTransaction(sequence: 1, recordedAt: ServerFixture.now, payload: [1]),
                    UploadedTransaction(sequence: 2, recordedAt: ServerFixture.now, payload: [2]),
                ],
                receivedAt: ServerFixture.now)
            try await server.client.execute(uri: "/v1/terminals", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                struct Listing: Decodable {
                    struct Terminal: Decodable {
                        var id: UInt32
                        var label: String
                        var publicKey: String
                        var storedThrough: UInt64
                    }
                    var terminals: [Terminal]
                }
                let listing = try response.decoded(Listing.self)
                #expect(listing.terminals.map(\.id) == [7])
                #expect(listing.terminals.first?.storedThrough == 2)
                #expect(listing.terminals.first?.label == "till 7")
                let key = till.key.publicKey.x963Representation.map { String(format: "%02x", $0) }.joined()
                #expect(listing.terminals.first?.publicKey.lowercased() == key)
            }
        }
    }

    @Test("alarms come newest first, as many as asked")
    func alarms() async throws {
        try await ServerFixture.run { server in
            let token = try await server.user("auditor")
            for (index, kind) in ["first", "second", "third"].enumerated() {
                try await server.store.raise(Alarm(at: ServerFixture.now + Int64(index), kind: kind, terminal: 3, detail: "alarm \(kind)"))
            }
            try await server.client.execute(uri: "/v1/alarms?limit=2", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                struct Listing: Decodable {
                    struct Alarm: Decodable {
                        var kind: String
                        var terminal: UInt32?
                    }
                    var alarms: [Alarm]
                }
                let listing = try response.decoded(Listing.self)
                #expect(listing.alarms.map(\.kind) == ["third", "second"])
            }
        }
    }

    @Test("an alarm limit that is not a whole number in 1...10000 is a 400", arguments: ["0", "10001", "ten", "-1"])
    func badAlarmLimit(limit: String) async throws {
        try await ServerFixture.run { server in
            let token = try await server.user("auditor")
            try await server.client.execute(uri: "/v1/alarms?limit=\(limit)", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .badRequest)
                #expect(response.problem?.error == "invalid-request")
            }
        }
    }
}
