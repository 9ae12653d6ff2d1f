import Foundation
import SyncProtocol
import Testing

/// The answers the other tests do not ask for, each asked once, so that every operation of
/// `docs/backoffice-api.yaml` and its main statuses meet the document's schemas (the fixture's
/// `send` checks each answer; here the statuses are expected too).
@Suite("The back office answers as its document says")
struct DocumentedAnswerTests {
    @Test("health, time, unknown endpoints, documents, a JSON and an NDJSON pull, terminals, alarms and the reports' refusals")
    func everyOperation() async throws {
        try await BackOfficeFixture.run(terminals: [7, 8]) { fixture in
            let auditor = [("Authorization", "Bearer \(fixture.auditorToken)")]
            #expect(try await fixture.send("GET", "/health").status == 200)
            #expect(try await fixture.send("GET", "/v1/time").status == 200)
            #expect(try await fixture.send("GET", "/v1/nothing").status == 404)
            let wrongMethod = try await fixture.send("POST", "/v1/time")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers["allow"] == "GET")

            // Documents: nothing published, then a block list; a bad version; an unknown kind.
            #expect(try await download(fixture, "/v1/documents/block-list").status == 204)
            let listPath = fixture.directory + "/blocked.txt"
            try "M-000123\nM-004711\n".write(toFile: listPath, atomically: true, encoding: .utf8)
            try await BackOfficeFixture.check(
                fixture.server.command(["publish", "block-list", "--file", listPath, "--document-key", fixture.documentKeyPath]))
            #expect(try await download(fixture, "/v1/documents/block-list?after=0").status == 200)
            #expect(try await download(fixture, "/v1/documents/block-list?after=1").status == 204)
            #expect(try await download(fixture, "/v1/documents/block-list?after=soon").status == 400)
            #expect(try await download(fixture, "/v1/documents/menu").status == 404)
            let grantsPath = fixture.directory + "/grants.json"
            try #"{"grants":[{"member":"M-000123","sequence":1,"kind":"review"}]}"#.write(
                toFile: grantsPath, atomically: true, encoding: .utf8)
            try await BackOfficeFixture.check(
                fixture.server.command(["publish", "bonuses", "--file", grantsPath, "--document-key", fixture.documentKeyPath]))
            #expect(try await download(fixture, "/v1/documents/bonuses").status == 200)
            try await BackOfficeFixture.check(
                fixture.server.command([
                    "terminal", "revoke", "8", "--reason", "stolen", "--document-key", fixture.documentKeyPath,
                ]))
            #expect(try await download(fixture, "/v1/documents/revoked-terminals").status == 200)
            #expect(try await download(fixture, "/v1/documents/block-list", as: 8).status == 403)

            // A pull in JSON: one ledger-like entry, one payload that is not JSON.
            var batch = sampleBatch(terminal: 7, first: 1, count: 1)
            batch.transactions.append(UploadedTransaction(sequence: 2, recordedAt: 1_763_900_000_002, payload: [0, 1, 2, 3]))
            #expect(try await fixture.upload(batch).status == 200)
            let page = try await fixture.send("GET", "/v1/journal?format=json&limit=1", headers: auditor)
            #expect(page.status == 200 && page.headers["loyalty-more"] == "true", "\(page.text)")
            let rest = try await fixture.send(
                "GET", "/v1/journal?format=json&after=\(page.headers["loyalty-next-cursor"] ?? "")", headers: auditor)
            #expect(rest.status == 200 && rest.text.contains("payloadBase64"), "\(rest.text)")
            let lines = try await fixture.send("GET", "/v1/journal?format=ndjson", headers: auditor)
            #expect(lines.status == 200 && lines.text.split(separator: "\n").count == 2, "\(lines.text)")
            #expect(try await fixture.send("GET", "/v1/journal?format=xml", headers: auditor).status == 400)

            #expect(try await fixture.send("GET", "/v1/terminals", headers: auditor).status == 200)
            #expect(try await fixture.send("GET", "/v1/terminals").status == 401)
            #expect(try await fixture.send("GET", "/v1/alarms?limit=5", headers: auditor).status == 200)
            #expect(try await fixture.send("GET", "/v1/alarms?limit=0", headers: auditor).status == 400)
            #expect(try await fixture.send("GET", "/v1/alarms").status == 401)
            #expect(try await fixture.send("GET", "/v1/reports/cards?unresolvedAfterHours=-1", headers: auditor).status == 400)
            #expect(try await fixture.send("GET", "/v1/reports/retention?from=2026-10-01", headers: auditor).status == 400)
        }
    }

    /// A signed download of `target` as `terminal`.
    func download(_ fixture: BackOfficeFixture, _ target: String, as terminal: UInt32 = 7) async throws -> BackOfficeFixture.Reply {
        let headers = fixture.signedHeaders(
            [], terminal: terminal, key: try fixture.credential(terminal).privateKey, method: "GET", path: target)
        return try await fixture.send("GET", target, headers: headers)
    }
}
