import BackOffice
import BackOfficeStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import SyncProtocol
import Testing

/// `GET /v1/journal`: a user's pull, page by page with a cursor, in the form asked for.
@Suite("Journal pulls")
struct PullEndpointTests {
    /// A server with terminal 2's transactions 1...5 stored, and an auditor's token.
    static func withJournal(_ test: @escaping @Sendable (ServerFixture, String) async throws -> Void) async throws {
        try await ServerFixture.run { server in
            let transactions = (1...5).map {
                UploadedTransaction(sequence: UInt64($0), recordedAt: ServerFixture.now + Int64($0), payload: Array(#"{"n":\#($0)}"#.utf8))
            }
            _ = try await server.store.ingest(terminal: 2, transactions, receivedAt: ServerFixture.now)
            try await test(server, try await server.user("auditor"))
        }
    }

    struct Page: Decodable {
        struct Transaction: Decodable {
            var terminal: UInt32
            var sequence: UInt64
        }
        var transactions: [Transaction]
        var nextCursor: String
        var more: Bool
    }

    @Test("pages of two follow each other by cursor: nothing missed or repeated, the last says no more")
    func pages() async throws {
        try await Self.withJournal { server, token in
            var cursor: String?
            var sequences: [UInt64] = []
            var pages = 0
            while pages < 10 {
                let uri = "/v1/journal?limit=2" + (cursor.map { "&after=\($0)" } ?? "")
                let response = try await server.client.execute(uri: uri, method: .get, headers: bearer(token))
                #expect(response.status == .ok)
                let page = try response.decoded(Page.self)
                #expect(response.header(SyncHeader.nextCursor) == page.nextCursor)
                #expect(response.header(SyncHeader.more) == (page.more ? "true" : "false"))
                sequences += page.transactions.map(\.sequence)
                cursor = page.nextCursor
                pages += 1
                if !page.more { break }
            }
            #expect(sequences == [1, 2, 3, 4, 5])
            #expect(pages == 3)
        }
    }

    @Test("format=csv and format=ndjson give their media types; Accept chooses when format is not given")
    func formats() async throws {
        try await Self.withJournal { server, token in
            try await server.client.execute(uri: "/v1/journal?format=csv", method: .get, headers: bearer(token)) { response in
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(response.text.split(whereSeparator: \.isNewline).count == 6)  // a header line and five transactions
            }
            try await server.client.execute(uri: "/v1/journal?format=ndjson", method: .get, headers: bearer(token)) { response in
                #expect(response.headers[.contentType] == "application/x-ndjson")
                #expect(response.text.split(separator: "\n").count == 5)
            }
            var accept = bearer(token)
            accept[.accept] = "text/csv"
            try await server.client.execute(uri: "/v1/journal", method: .get, headers: accept) { response in
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            }
        }
    }

    @Test("the terminal filter keeps that terminal's transactions only")
    func terminalFilter() async throws {
        try await Self.withJournal { server, token in
            let other = try await server.client.execute(uri: "/v1/journal?terminal=3", method: .get, headers: bearer(token))
            #expect(try other.decoded(Page.self).transactions.isEmpty)
            let own = try await server.client.execute(uri: "/v1/journal?terminal=2", method: .get, headers: bearer(token))
            #expect(try own.decoded(Page.self).transactions.map(\.terminal) == [2, 2, 2, 2, 2])
        }
    }

    @Test(
        "a bad query is a 400 that says why",
        arguments: [
            ("after=12", "cursor"), ("limit=0", "limit"), ("limit=10001", "limit"), ("terminal=-1", "terminal"),
            ("format=xml", "format"), ("colour=blue", "unknown parameter colour"),
        ])
    func badQuery(query: String, named: String) async throws {
        try await Self.withJournal { server, token in
            try await server.client.execute(uri: "/v1/journal?" + query, method: .get, headers: bearer(token)) { response in
                #expect(response.status == .badRequest)
                let problem = try #require(response.problem)
                #expect(problem.error == "invalid-request")
                #expect(problem.reason.contains(named), "\(problem.reason)")
            }
        }
    }

    @Test("the page limit follows the server's option")
    func limitOption() async throws {
        let options = BackOfficeOptions(maximumPullLimit: 3, clock: { ServerFixture.now })
        try await ServerFixture.run(options: options) { server in
            let token = try await server.user("auditor")
            try await server.client.execute(uri: "/v1/journal?limit=4", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .badRequest)
            }
            try await server.client.execute(uri: "/v1/journal?limit=3", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("cursors are c and a position, and nothing else")
    func cursors() {
        #expect(PullCursor.text(42) == "c42")
        #expect(PullCursor.position("c42") == 42)
        #expect(PullCursor.position("c9223372036854775807") == Int64.max)
        #expect(PullCursor.position("c007") == 7)
        for text in [
            "42", "c", "c-1", "cx", "d42", "", "c+5", "c-0", "c 5", "c9223372036854775808", "c" + String(repeating: "1", count: 20),
        ] {
            #expect(PullCursor.position(text) == nil, "\(text)")
        }
    }
}

/// An erased member's enrolment leaves the back office without its details.
@Suite("Journal pulls after an erasure")
struct PullRedactionTests {
    @Test("an erased member's enrolment entry is pulled with its details taken out; other members' entries are pulled as stored")
    func erasedDetailsLeaveOut() async throws {
        try await ServerFixture.run { server in
            func enrolment(_ member: String, _ phone: String) -> [UInt8] {
                Array(
                    #"{"enrolment":{"birthdayDay":14,"birthdayMonth":3,"consents":["programme"],"language":"ms","number":1,"phone":"\#(phone)"},"format":1,"kind":"enrolment","member":"\#(member)","requestId":"EN-\#(member)","terminalId":2,"time":1763899990}"#
                        .utf8)
            }
            let kept = enrolment("E2-2", "+60111111111")
            _ = try await server.store.ingest(
                terminal: 2,
                [
                    UploadedTransaction(sequence: 1, recordedAt: ServerFixture.now, payload: enrolment("E2-1", "+60123456789")),
                    UploadedTransaction(sequence: 2, recordedAt: ServerFixture.now, payload: kept),
                ], receivedAt: ServerFixture.now)
            let token = try await server.user("auditor")
            let before = try await server.client.execute(uri: "/v1/journal?format=ndjson", method: .get, headers: bearer(token)) {
                String(buffer: $0.body)
            }
            #expect(before.contains("+60123456789"), "before the erasure the entry is pulled as stored")
            #expect(try await server.store.erase(MemberErasure(member: "E2-1", at: ServerFixture.now, by: "test", reason: "request")))
            for format in ["json", "ndjson", "csv"] {
                let pulled = try await server.client.execute(uri: "/v1/journal?format=\(format)", method: .get, headers: bearer(token)) {
                    String(buffer: $0.body)
                }
                #expect(!pulled.contains("+60123456789") && pulled.contains("erased"), "\(format): \(pulled)")
                #expect(pulled.contains("+60111111111"), "\(format): another member's entry is untouched")
            }
        }
    }
}
