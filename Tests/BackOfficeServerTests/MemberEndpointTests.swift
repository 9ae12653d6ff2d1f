import BackOffice
import BackOfficeStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LedgerFormat
import PointsEngine
import SyncProtocol
import Testing

/// `GET /v1/members/...` and `POST /v1/members/{member}/reservations`: what a terminal is told
/// about a member, and the points held for sales without the card, which two tills can never
/// spend twice.
@Suite("Members and reservations")
struct MemberEndpointTests {
    /// Stores, as terminal 7's transaction 1, a sale leaving `member` with `points`.
    static func storeSale(member: String, points: Int64, till: SigningTerminal, server: ServerFixture) async throws {
        var state = MemberState(tierId: "member")
        state.lots = [PointLot(month: Month(year: 2025, month: 6), points: points)]
        var entry = LedgerEntry(kind: .sale, terminalId: till.id, time: ServerFixture.now / 1000 - 60)
        entry.requestId = "S-1"
        entry.member = member
        entry.card = "00112233445566AA"
        entry.trust = "member-card"
        entry.setMemberState(state)
        let transaction = UploadedTransaction(sequence: 1, recordedAt: ServerFixture.now - 60_000, payload: try entry.encoded())
        _ = try await server.store.ingest(terminal: till.id, [transaction], receivedAt: ServerFixture.now)
    }

    static func reserve(_ points: Int, request: String, member: String, till: SigningTerminal, server: ServerFixture) async throws
        -> (status: HTTPResponse.Status, body: String)
    {
        let path = "/v1/members/\(member)/reservations"
        let body = Array(#"{"points":\#(points),"requestId":"\#(request)"}"#.utf8)
        return try await server.client.execute(
            uri: path, method: .post, headers: till.headers(.post, path, body: body), body: ByteBuffer(bytes: body)
        ) { ($0.status, $0.text) }
    }

    @Test("a member is found by id with its newest state and balance; an unknown one is 404 unknown-member; unsigned is 401")
    func lookUp() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(7)
            try await Self.storeSale(member: "M-1", points: 500, till: till, server: server)
            let path = "/v1/members/M-1"
            try await server.client.execute(uri: path, method: .get, headers: till.headers(.get, path)) { response in
                #expect(response.status == .ok)
                let answer = try response.decoded(MemberAnswer.self)
                #expect(answer.balance == 500 && answer.stateTerminal == 7 && answer.stateSequence == 1)
            }
            let unknown = "/v1/members/M-404"
            try await server.client.execute(uri: unknown, method: .get, headers: till.headers(.get, unknown)) { response in
                #expect(response.status == .notFound && response.problem?.error == "unknown-member")
            }
            try await server.client.execute(uri: path, method: .get) { #expect($0.status == .unauthorized) }
            let phone = "/v1/members?phone=12"
            try await server.client.execute(uri: phone, method: .get, headers: till.headers(.get, phone)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test(
        "two tills asking for the same points: the first is held, the second refused 409 insufficient-points; the same request again answers the hold made"
    )
    func samePointsTwice() async throws {
        try await ServerFixture.run { server in
            let first = try await server.terminal(7)
            let second = try await server.terminal(8)
            try await Self.storeSale(member: "M-1", points: 500, till: first, server: server)
            async let a = Self.reserve(400, request: "C-1", member: "M-1", till: first, server: server)
            async let b = Self.reserve(400, request: "C-2", member: "M-1", till: second, server: server)
            let answers = try await [a, b]
            #expect(answers.filter { $0.status == .created }.count == 1, "\(answers)")
            #expect(answers.filter { $0.status == .conflict && $0.body.contains("insufficient-points") }.count == 1, "\(answers)")
            let winner = answers[0].status == .created ? first : second
            let again = try await Self.reserve(
                400, request: answers[0].status == .created ? "C-1" : "C-2", member: "M-1", till: winner, server: server)
            #expect(again.status == .created && again.body.contains(#""available":100"#), "\(again)")
            let rest = try await Self.reserve(100, request: "C-3", member: "M-1", till: first, server: server)
            #expect(rest.status == .created)
            let nobody = try await Self.reserve(1, request: "C-4", member: "M-404", till: first, server: server)
            #expect(nobody.status == .notFound)
        }
    }
}
