import AsyncHTTPClient
import CardProfile
import CompressNIO
import Crypto
import Foundation
import NIOCore
import SyncProtocol
import Timekeeping

/// A request the back office answered with a refusal.
enum SyncClientError: Error {
    case refused(status: Int, problem: ProblemAnswer?)
}

/// The terminal's side of the HTTP protocol: signed requests to the back office, answers read
/// into the protocol's types.
struct SyncClient: Sendable {
    /// What a request came back with.
    enum Reply: Sendable {
        case uploaded(UploadAnswer)
        /// Signed document versions; `version` is the newest the back office says it sent (not
        /// signed: the receiver reads the versions from the documents).
        case document(version: Int64?, body: [UInt8])
        case unchanged
        /// The back office refused: the status, its code and reason.
        case refused(status: Int, problem: ProblemAnswer?)
    }

    let baseURL: String
    /// The URL's path prefix (empty, or e.g. `/backoffice`): part of what is signed.
    let basePath: String
    let terminal: UInt32
    let key: P256.Signing.PrivateKey
    let client: HTTPClient
    let timeout: Duration
    let wallTime: any WallTime

    init(url: String, terminal: UInt32, key: P256.Signing.PrivateKey, client: HTTPClient, timeout: Duration, wallTime: any WallTime) {
        baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        let path = URLComponents(string: baseURL)?.path ?? ""
        basePath = path.hasSuffix("/") ? String(path.dropLast()) : path
        self.terminal = terminal
        self.key = key
        self.client = client
        self.timeout = timeout
        self.wallTime = wallTime
    }

    /// Uploads a batch. Also returns the server's clock minus the local one at the middle of the
    /// round trip (ms), when the answer carried it, and the body's size as sent.
    func upload(_ batch: JournalBatch) async throws -> (reply: Reply, skew: Int64?, sentBytes: Int) {
        let (body, encoding) = Self.compressedWhenItPays(batch.encoded())
        let (status, _, bytes, skew) = try await send(
            "POST", "/v1/journal/batches", body: body, contentType: JournalBatch.mediaType, contentEncoding: encoding)
        guard status == 200 else { return (.refused(status: status, problem: Self.problem(bytes)), skew, body.count) }
        return (.uploaded(try JSONDecoder().decode(UploadAnswer.self, from: Data(bytes))), skew, body.count)
    }

    /// Asks for a document newer than `version`.
    func document(_ kind: String, after version: Int64) async throws -> (reply: Reply, skew: Int64?) {
        let (status, documentVersion, bytes, skew) = try await send(
            "GET", "/v1/documents/\(kind)?after=\(version)", body: [], contentType: nil)
        switch status {
        case 204: return (.unchanged, skew)
        case 200:
            return (.document(version: documentVersion.flatMap { Int64($0) }, body: bytes), skew)
        default: return (.refused(status: status, problem: Self.problem(bytes)), skew)
        }
    }

    /// Asks for the member `id` the back office holds; `nil` when it knows none (404).
    func member(_ id: String) async throws -> MemberAnswer? {
        let path = "/v1/members/" + (id.addingPercentEncoding(withAllowedCharacters: Self.pathSegment) ?? id)
        let (status, _, bytes, _) = try await send("GET", path, body: [], contentType: nil)
        switch status {
        case 200: return try JSONDecoder().decode(MemberAnswer.self, from: Data(bytes))
        case 404: return nil
        default: throw SyncClientError.refused(status: status, problem: Self.problem(bytes))
        }
    }

    /// Asks for the member enrolled with `phone` (normalised); `nil` when nobody (404).
    func member(phone: String) async throws -> MemberAnswer? {
        let query = phone.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? phone
        let (status, _, bytes, _) = try await send("GET", "/v1/members?phone=\(query)", body: [], contentType: nil)
        switch status {
        case 200: return try JSONDecoder().decode(MemberAnswer.self, from: Data(bytes))
        case 404: return nil
        default: throw SyncClientError.refused(status: status, problem: Self.problem(bytes))
        }
    }

    /// Holds points of a member's balance for a sale without the card: the answer, or the
    /// refusal's status and problem (409 `insufficient-points`, 404 `unknown-member`).
    func reserve(_ request: ReservationRequest, of member: String) async throws -> Result<ReservationAnswer, SyncClientError> {
        let path = "/v1/members/" + (member.addingPercentEncoding(withAllowedCharacters: Self.pathSegment) ?? member) + "/reservations"
        let (status, _, bytes, _) = try await send(
            "POST", path, body: Array(try JSONEncoder().encode(request)), contentType: "application/json")
        guard status == 201 else { return .failure(.refused(status: status, problem: Self.problem(bytes))) }
        return .success(try JSONDecoder().decode(ReservationAnswer.self, from: Data(bytes)))
    }

    /// Finds a sale and holds part of it for a refund (`POST /v1/refund-reservations`): the
    /// answer, or the refusal's status and problem (404 `unknown-sale`, 409 `already-refunded`,
    /// `refund-in-progress`, `ambiguous-sale`).
    func holdRefund(_ request: RefundReservationRequest) async throws -> Result<RefundReservationAnswer, SyncClientError> {
        let (status, _, bytes, _) = try await send(
            "POST", "/v1/refund-reservations", body: Array(try JSONEncoder().encode(request)), contentType: "application/json")
        guard status == 201 else { return .failure(.refused(status: status, problem: Self.problem(bytes))) }
        return .success(try JSONDecoder().decode(RefundReservationAnswer.self, from: Data(bytes)))
    }

    /// Sends the terminal's status (`POST /v1/terminal-status`): nil when stored (204), else
    /// the refusal's status and problem.
    func reportStatus(_ report: TerminalStatusReport) async throws -> (status: Int, problem: ProblemAnswer?)? {
        let (status, _, bytes, _) = try await send(
            "POST", "/v1/terminal-status", body: Array(try JSONEncoder().encode(report)), contentType: "application/json")
        return status == 204 ? nil : (status, Self.problem(bytes))
    }

    /// The characters a path segment keeps as they are.
    static let pathSegment = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))

    /// The body gzipped when that saves at least a tenth (bodies under 1 KiB go as they are), at
    /// zlib's fastest level: ledger entries still shrink to about a quarter (26 % for the demo's
    /// journal, against 22 % at the default level), for a fraction of the default level's time.
    static func compressedWhenItPays(_ body: [UInt8]) -> (body: [UInt8], encoding: String?) {
        guard body.count >= 1024 else { return (body, nil) }
        var buffer = ByteBuffer(bytes: body)
        let fastest = CompressionAlgorithm.gzip(configuration: ZlibConfiguration(compressionLevel: .fastestCompression))
        guard let compressed = try? buffer.compress(with: fastest), compressed.readableBytes * 10 < body.count * 9 else {
            return (body, nil)
        }
        return (Array(compressed.readableBytesView), "gzip")
    }

    private func send(_ method: String, _ path: String, body: [UInt8], contentType: String?, contentEncoding: String? = nil) async throws
        -> (status: Int, documentVersion: String?, body: [UInt8], skew: Int64?)
    {
        let sent = Int64(wallTime.millisecondsSinceEpoch())
        let signed = SignedRequest(
            method: method, path: basePath + path, terminal: terminal, time: sent, nonce: SignedRequest.newNonce(), body: body)
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method == "POST" ? .POST : .GET
        for header in signed.headers(signedWith: key) { request.headers.add(name: header.name, value: header.value) }
        if let contentEncoding { request.headers.add(name: "Content-Encoding", value: contentEncoding) }
        if let contentType {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let seconds = timeout.components.seconds
        let response = try await client.execute(request, timeout: .seconds(max(1, seconds)))
        let collected = try await response.body.collect(upTo: 16 << 20)
        let received = Int64(wallTime.millisecondsSinceEpoch())
        let serverTime = response.headers.first(name: SyncHeader.serverTime).flatMap { Int64($0) }
        let skew = serverTime.map { $0 - (sent + (received - sent) / 2) }
        let documentVersion = response.headers.first(name: "Loyalty-Document-Version")
        return (Int(response.status.code), documentVersion, Array(collected.readableBytesView), skew)
    }

    private static func problem(_ bytes: [UInt8]) -> ProblemAnswer? {
        try? JSONDecoder().decode(ProblemAnswer.self, from: Data(bytes))
    }
}
