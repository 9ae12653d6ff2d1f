import CardProfile
import CompressNIO
import Crypto
import Foundation
import NIOCore
import SyncProtocol
import Testing

/// The back office process over real HTTP: who may upload and pull, and what is refused with
/// which reason. After every refusal nothing of the refused request is stored.
@Suite("Back office: authentication and refusals", .serialized)
struct UploadSecurityTests {
    @Test("a terminal's signed upload is stored; repeats are duplicates; storedThrough waits for a gap")
    func signedUploads() async throws {
        try await BackOfficeFixture.run(terminals: [7]) { fixture in
            let first = try await fixture.upload(sampleBatch(terminal: 7, first: 1, count: 10))
            #expect(first.status == 200, "\(first.text)")
            let answer = try JSONDecoder().decode(UploadAnswer.self, from: Data(first.data))
            #expect(
                answer
                    == UploadAnswer(terminal: 7, storedThrough: 10, received: 10, stored: 10, duplicates: 0, serverTime: answer.serverTime))
            #expect(first.headers["loyalty-server-time"] != nil)

            // The same batch again (a lost answer): all duplicates, nothing new.
            let again = try JSONDecoder().decode(
                UploadAnswer.self, from: Data(try await fixture.upload(sampleBatch(terminal: 7, first: 1, count: 10)).data))
            #expect(again.stored == 0 && again.duplicates == 10 && again.storedThrough == 10)

            // 21...25 before 11...20: stored, but storedThrough waits for the gap.
            let ahead = try JSONDecoder().decode(
                UploadAnswer.self, from: Data(try await fixture.upload(sampleBatch(terminal: 7, first: 21, count: 5)).data))
            #expect(ahead.stored == 5 && ahead.storedThrough == 10)
            let filled = try JSONDecoder().decode(
                UploadAnswer.self, from: Data(try await fixture.upload(sampleBatch(terminal: 7, first: 11, count: 10)).data))
            #expect(filled.stored == 10 && filled.storedThrough == 25)

            let pulled = try await fixture.pullAll(pageSize: 7)
            #expect(pulled.map(\.sequence).sorted() == Array(1...25))
            #expect(Set(pulled.map(\.sequence)).count == 25)
        }
    }

    @Test("unsigned, altered, replayed, expired, unknown, wrong-terminal and revoked requests are refused, nothing stored")
    func refusals() async throws {
        try await BackOfficeFixture.run(terminals: [7, 8]) { fixture in
            let batch = sampleBatch(terminal: 7, first: 1, count: 3)
            let body = batch.encoded()
            let key7 = try fixture.credential(7).privateKey
            let key8 = try fixture.credential(8).privateKey
            let media = ("Content-Type", JournalBatch.mediaType)
            func post(_ headers: [(String, String)], _ body: [UInt8] = body) async throws -> BackOfficeFixture.Reply {
                try await fixture.send("POST", "/v1/journal/batches", headers: headers + [media], body: body)
            }

            let unsigned = try await post([])
            #expect(unsigned.status == 401 && unsigned.problem?.error == "missing-header", "\(unsigned.text)")

            var altered = body
            altered[altered.count - 2] ^= 0x01
            let alteredReply = try await post(fixture.signedHeaders(body, terminal: 7, key: key7), altered)
            #expect(alteredReply.status == 401 && alteredReply.problem?.error == "bad-signature", "\(alteredReply.text)")

            let forged = try await post(fixture.signedHeaders(body, terminal: 7, key: P256.Signing.PrivateKey()))
            #expect(forged.status == 401 && forged.problem?.error == "bad-signature")

            let old = Int64((Date().timeIntervalSince1970 - 600) * 1000)
            let expired = try await post(fixture.signedHeaders(body, terminal: 7, key: key7, time: old))
            #expect(expired.status == 401 && expired.problem?.error == "outside-window", "\(expired.text)")

            let unknownKey = P256.Signing.PrivateKey()
            let unknown = try await post(
                fixture.signedHeaders(sampleBatch(terminal: 9, first: 1, count: 1).encoded(), terminal: 9, key: unknownKey))
            #expect(unknown.status == 401 && unknown.problem?.error == "unknown-terminal")

            // Terminal 8, with its own valid signature, uploading terminal 7's transactions.
            let asAnother = try await post(fixture.signedHeaders(body, terminal: 8, key: key8))
            #expect(asAnother.status == 403 && asAnother.problem?.error == "wrong-terminal", "\(asAnother.text)")
            // Terminal 8's key claiming to be terminal 7.
            let claiming = try await post(fixture.signedHeaders(body, terminal: 7, key: key8))
            #expect(claiming.status == 401 && claiming.problem?.error == "bad-signature")

            // A good request, then the very same bytes again: the copy is a replay.
            let headers = fixture.signedHeaders(body, terminal: 7, key: key7)
            #expect(try await post(headers).status == 200)
            let replay = try await post(headers)
            #expect(replay.status == 401 && replay.problem?.error == "replayed", "\(replay.text)")

            // Revoked: refused from then on.
            try await BackOfficeFixture.check(fixture.server.command(["terminal", "revoke", "8", "--reason", "stolen"]))
            let revoked = try await fixture.upload(sampleBatch(terminal: 8, first: 1, count: 1))
            #expect(revoked.status == 403 && revoked.problem?.error == "revoked", "\(revoked.text)")

            // Only the one good upload is stored.
            let stored = try await fixture.pullAll()
            #expect(stored.map(\.sequence) == [1, 2, 3] && stored.allSatisfy { $0.terminal == 7 })

            // The attacks raised alarms, with the reason.
            let alarms = try await fixture.server.command(["alarms", "--limit", "50"]).standardOutput
            for kind in ["bad-signature", "unknown-terminal", "wrong-terminal", "replayed", "revoked"] {
                #expect(alarms.contains(kind), "no \(kind) alarm in: \(alarms)")
            }
        }
    }

    @Test("bad bodies: wrong media type 415, oversize 413, malformed 400, other content under a stored sequence 409 with an alarm")
    func badBodies() async throws {
        try await BackOfficeFixture.run(terminals: [7], serveArguments: ["--maximum-batch-bytes", "4096"]) { fixture in
            let key = try fixture.credential(7).privateKey

            let good = sampleBatch(terminal: 7, first: 1, count: 2).encoded()
            let json = try await fixture.send(
                "POST", "/v1/journal/batches",
                headers: fixture.signedHeaders(good, terminal: 7, key: key) + [("Content-Type", "application/json")], body: good)
            #expect(json.status == 415 && json.problem?.error == "unsupported-media-type")

            let big = sampleBatch(terminal: 7, first: 1, count: 100).encoded()
            #expect(big.count > 4096)
            let oversize = try await fixture.send(
                "POST", "/v1/journal/batches",
                headers: fixture.signedHeaders(big, terminal: 7, key: key) + [("Content-Type", JournalBatch.mediaType)], body: big)
            #expect(oversize.status == 413 && oversize.problem?.error == "body-too-large")

            let garbage = Array(good.prefix(20))
            let malformed = try await fixture.send(
                "POST", "/v1/journal/batches",
                headers: fixture.signedHeaders(garbage, terminal: 7, key: key) + [("Content-Type", JournalBatch.mediaType)],
                body: garbage)
            #expect(malformed.status == 400 && malformed.problem?.reason.contains("ends early") == true, "\(malformed.text)")

            #expect(try await fixture.upload(sampleBatch(terminal: 7, first: 1, count: 5)).status == 200)
            // Sequences 4...8, where 4 and 5 carry other content: the whole batch is refused.
            let conflicting = try await fixture.upload(sampleBatch(terminal: 7, first: 4, count: 5, tag: "refund"))
            #expect(conflicting.status == 409 && conflicting.problem?.error == "conflict", "\(conflicting.text)")
            let stored = try await fixture.pullAll()
            #expect(stored.map(\.sequence) == [1, 2, 3, 4, 5])
            #expect(stored.allSatisfy { $0.entry.contains("sale") })
            let alarms = try await fixture.server.command(["alarms"]).standardOutput
            #expect(alarms.contains("conflict") && alarms.contains("terminal 7"), "\(alarms)")
        }
    }

    @Test("gzip bodies: a compressed batch is stored; a decompression bomb 413, a corrupt stream 400, another encoding 415")
    func compressedBodies() async throws {
        try await BackOfficeFixture.run(terminals: [7], serveArguments: ["--maximum-batch-bytes", "4096"]) { fixture in
            let key = try fixture.credential(7).privateKey
            func post(_ body: [UInt8], encoding: String) async throws -> BackOfficeFixture.Reply {
                try await fixture.send(
                    "POST", "/v1/journal/batches",
                    headers: fixture.signedHeaders(body, terminal: 7, key: key) + [
                        ("Content-Type", JournalBatch.mediaType), ("Content-Encoding", encoding),
                    ],
                    body: body)
            }
            func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
                var buffer = ByteBuffer(bytes: bytes)
                return Array(try buffer.compress(with: .gzip()).readableBytesView)
            }
            let batch = sampleBatch(terminal: 7, first: 1, count: 40).encoded()
            let compressed = try gzip(batch)
            #expect(batch.count > 1024 && compressed.count < batch.count / 2)
            let stored = try await post(compressed, encoding: "gzip")
            #expect(stored.status == 200, "\(stored.text)")
            #expect(try await fixture.pullAll().count == 40)

            let bomb = try gzip([UInt8](repeating: 0, count: 2 << 20))
            #expect(bomb.count < 4096)
            let refusedBomb = try await post(bomb, encoding: "gzip")
            #expect(refusedBomb.status == 413 && refusedBomb.problem?.error == "body-too-large", "\(refusedBomb.text)")

            let corrupt = try await post(Array(compressed.prefix(10)) + [UInt8](repeating: 0x55, count: 200), encoding: "gzip")
            #expect(corrupt.status == 400, "\(corrupt.text)")

            let brotli = try await post(compressed, encoding: "br")
            #expect(brotli.status == 415 && brotli.problem?.error == "unsupported-content-encoding")
            #expect(try await fixture.pullAll().count == 40, "nothing of the refused bodies stored")
        }
    }

    @Test("a pull without valid credentials gets nothing")
    func pullCredentials() async throws {
        try await BackOfficeFixture.run(terminals: [7]) { fixture in
            #expect(try await fixture.upload(sampleBatch(terminal: 7, first: 1, count: 3)).status == 200)

            for headers in [[], [("Authorization", "Bearer lbo_not-a-token")], [("Authorization", "Basic YWRtaW46YWRtaW4=")]] {
                let reply = try await fixture.send("GET", "/v1/journal", headers: headers)
                #expect(reply.status == 401, "\(headers)")
                #expect(!reply.text.contains("requestId"), "\(reply.text)")
            }
            // A terminal's signature is not a user's credential either.
            let signed = fixture.signedHeaders(
                [], terminal: 7, key: try fixture.credential(7).privateKey, method: "GET", path: "/v1/journal")
            #expect(try await fixture.send("GET", "/v1/journal", headers: signed).status == 401)

            let pulled = try await fixture.send(
                "GET", "/v1/journal?format=csv", headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
            #expect(pulled.status == 200)
            #expect(pulled.text.hasPrefix("position,terminal,sequence,recorded_at,received_at,kind,request_id,member,entry\r\n"))
            #expect(pulled.text.contains("T7-3"))

            let badQuery = try await fixture.send(
                "GET", "/v1/journal?limit=0", headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
            #expect(badQuery.status == 400 && badQuery.problem?.reason.contains("limit") == true)
            let badCursor = try await fixture.send(
                "GET", "/v1/journal?after=xyz", headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
            #expect(badCursor.status == 400)
        }
    }
}
