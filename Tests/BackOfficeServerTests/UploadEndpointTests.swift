import BackOffice
import BackOfficeStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import SyncProtocol
import Testing

/// `POST /v1/journal/batches`: what is stored is answered; every refusal comes before anything is
/// stored, and the ones that suggest an attack leave an alarm.
@Suite("Journal uploads")
struct UploadEndpointTests {
    static let path = "/v1/journal/batches"
    static let batchType: HTTPFields = [.contentType: JournalBatch.mediaType]

    /// Posts `body` signed by `terminal` (or with `headers` as given).
    static func post(
        _ server: ServerFixture, _ body: [UInt8], headers: HTTPFields, _ check: @escaping @Sendable (TestResponse) async throws -> Void
    ) async throws {
        var fields = batchType
        fields.append(contentsOf: headers)
        try await server.client.execute(uri: path, method: .post, headers: fields, body: ByteBuffer(bytes: body)) { try await check($0) }
    }

    @Test("a signed batch is stored and answered with what is stored; sent again, all of it is a duplicate")
    func storedThenDuplicate() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(4)
            let batch = till.batch(count: 3)
            try await Self.post(server, batch, headers: till.headers(.post, Self.path, body: batch)) { response in
                #expect(response.status == .ok)
                let answer = try response.decoded(UploadAnswer.self)
                #expect(
                    answer
                        == UploadAnswer(terminal: 4, storedThrough: 3, received: 3, stored: 3, duplicates: 0, serverTime: ServerFixture.now)
                )
            }
            try await Self.post(server, batch, headers: till.headers(.post, Self.path, body: batch)) { response in
                #expect(response.status == .ok)
                let answer = try response.decoded(UploadAnswer.self)
                #expect(answer.stored == 0 && answer.duplicates == 3 && answer.storedThrough == 3)
            }
            #expect(try await server.store.storedThrough(terminal: 4) == 3)
        }
    }

    @Test("another media type is a 415 before anything else is looked at")
    func mediaType() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(4)
            let batch = till.batch(count: 1)
            var headers = till.headers(.post, Self.path, body: batch)
            headers[.contentType] = "application/json"
            try await server.client.execute(uri: Self.path, method: .post, headers: headers, body: ByteBuffer(bytes: batch)) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.problem?.error == "unsupported-media-type")
            }
            #expect(try await server.store.storedThrough(terminal: 4) == 0)
        }
    }

    @Test("a body above the batch limit is a 413")
    func tooLarge() async throws {
        let options = BackOfficeOptions(maximumBatchBytes: 1024, clock: { ServerFixture.now })
        try await ServerFixture.run(options: options) { server in
            let till = try await server.terminal(4)
            let batch = till.batch(count: 40)
            #expect(batch.count > 1024)
            try await Self.post(server, batch, headers: till.headers(.post, Self.path, body: batch)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.problem?.error == "body-too-large")
            }
        }
    }

    @Test("an unsigned request is a 401 naming the missing header; nothing stored, no alarm")
    func unsigned() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(4)
            try await Self.post(server, till.batch(count: 1), headers: [:]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.problem?.error == "missing-header")
                #expect(response.headers[.wwwAuthenticate] == "Loyalty-Signature")
            }
            #expect(try await server.store.alarms(limit: 10).isEmpty)
        }
    }

    @Test("a request signed with another key is a 401 bad-signature and raises an alarm")
    func forged() async throws {
        try await ServerFixture.run { server in
            _ = try await server.terminal(4)
            let forger = SigningTerminal(id: 4)
            let batch = forger.batch(count: 1)
            try await Self.post(server, batch, headers: forger.headers(.post, Self.path, body: batch)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.problem?.error == "bad-signature")
            }
            #expect(try await server.store.alarms(limit: 10).map(\.kind) == ["bad-signature"])
            #expect(try await server.store.storedThrough(terminal: 4) == 0)
        }
    }

    @Test("the same signed request twice: the second is a replay (401, alarm)")
    func replay() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(4)
            let batch = till.batch(count: 1)
            let headers = till.headers(.post, Self.path, body: batch, nonce: "00112233445566778899aabbccddeeff")
            try await Self.post(server, batch, headers: headers) { #expect($0.status == .ok) }
            try await Self.post(server, batch, headers: headers) { response in
                #expect(response.status == .unauthorized)
                #expect(response.problem?.error == "replayed")
            }
            #expect(try await server.store.alarms(limit: 10).map(\.kind) == ["replayed"])
        }
    }

    @Test("a request timed outside the window is a 401 outside-window")
    func outsideWindow() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(4)
            let batch = till.batch(count: 1)
            let late = ServerFixture.now - SignedRequest.window - 1_000
            try await Self.post(server, batch, headers: till.headers(.post, Self.path, body: batch, time: late)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.problem?.error == "outside-window")
            }
        }
    }

    @Test("a revoked terminal is a 403; a batch naming another terminal is a 403 wrong-terminal")
    func forbidden() async throws {
        try await ServerFixture.run { server in
            let revoked = try await server.terminal(4)
            try await server.store.revoke(terminal: 4, at: ServerFixture.now, reason: "stolen")
            let batch = revoked.batch(count: 1)
            try await Self.post(server, batch, headers: revoked.headers(.post, Self.path, body: batch)) { response in
                #expect(response.status == .forbidden)
                #expect(response.problem?.error == "revoked")
            }
            let till = try await server.terminal(5)
            let other = till.batch(count: 1, naming: 6)
            try await Self.post(server, other, headers: till.headers(.post, Self.path, body: other)) { response in
                #expect(response.status == .forbidden)
                #expect(response.problem?.error == "wrong-terminal")
            }
            #expect(try await server.store.storedThrough(terminal: 5) == 0)
            #expect(try await server.store.storedThrough(terminal: 6) == 0)
        }
    }

    @Test("a signed body that is not a batch is a 400")
    func notABatch() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(4)
            let body = Array("not a batch".utf8)
            try await Self.post(server, body, headers: till.headers(.post, Self.path, body: body)) { response in
                #expect(response.status == .badRequest)
                #expect(response.problem?.error == "invalid-request")
            }
        }
    }

    @Test("a sequence stored already with other content is a 409 conflict with an alarm")
    func conflict() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(4)
            _ = try await server.store.ingest(
                terminal: 4, [UploadedTransaction(sequence: 1, recordedAt: ServerFixture.now, payload: Array("other".utf8))],
                receivedAt: ServerFixture.now)
            let batch = till.batch(count: 1)
            try await Self.post(server, batch, headers: till.headers(.post, Self.path, body: batch)) { response in
                #expect(response.status == .conflict)
                #expect(response.problem?.error == "conflict")
            }
            #expect(try await server.store.alarms(limit: 10).isEmpty == false)
        }
    }
}
