import BackOfficeStorage
import CompressNIO
import Foundation
import Hummingbird
import Logging
import Metrics
import SyncProtocol

/// `POST /v1/journal/batches`: a terminal's signed batch of journal transactions.
///
/// Checked in this order, each refused before anything is stored: media type (415), size (413,
/// from `Content-Length` and again while reading), the terminal's signature (401/403), the batch
/// format (400), the batch naming the signing terminal (403). Then the store takes the batch
/// whole or not at all: 200 with what is durably stored, or 409 when a sequence is already
/// stored with other content (an alarm is raised).
struct UploadEndpoint: Sendable {
    let store: any LedgerStore
    let terminals: TerminalAuthenticator
    let options: BackOfficeOptions
    let logger: Logger

    func register(on router: Router<BackOfficeRequestContext>) {
        router.post("/v1/journal/batches") { request, _ in try await upload(request) }
    }

    /// The body without its `Content-Encoding` (`gzip`, or none), at most the batch limit once
    /// decompressed: 413 above it, 400 for a corrupt stream, 415 for another encoding.
    func decoded(_ body: ByteBuffer, encoding: String?) throws -> ByteBuffer {
        guard let encoding = encoding?.trimmingCharacters(in: .whitespaces).lowercased(), encoding != "identity" else { return body }
        guard encoding == "gzip" else {
            throw BackOfficeProblem(
                status: .unsupportedMediaType, code: "unsupported-content-encoding",
                reason: "Content-Encoding \(encoding) is not supported (gzip is)")
        }
        var compressed = body
        do {
            return try compressed.decompress(with: .gzip(), maxSize: options.maximumBatchBytes)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw BackOfficeProblem.tooLarge(options.maximumBatchBytes)
        } catch {
            throw BackOfficeProblem.badRequest("the gzip body cannot be decompressed: \(error)")
        }
    }

    func upload(_ request: Request) async throws -> Response {
        guard let contentType = request.headers[.contentType],
            contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == JournalBatch.mediaType
        else {
            throw BackOfficeProblem.unsupportedMediaType(JournalBatch.mediaType)
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > options.maximumBatchBytes {
            throw BackOfficeProblem.tooLarge(options.maximumBatchBytes)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: options.maximumBatchBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw BackOfficeProblem.tooLarge(options.maximumBatchBytes)
        }
        // The signature covers the bytes as sent; only an authenticated body is decompressed.
        let terminal = try await terminals.authenticate(request, body: body.readableBytesView)
        let plain = try decoded(body, encoding: request.headers[.contentEncoding])
        let batch: JournalBatch
        do {
            batch = try JournalBatch(decoding: plain.readableBytesView)
        } catch {
            throw BackOfficeProblem.badRequest(error.description)
        }
        guard batch.terminal == terminal.id else {
            try await terminals.refuse(.wrongTerminal(signedBy: terminal.id, named: batch.terminal))
        }
        let report: IngestReport
        do {
            report = try await store.ingest(terminal: terminal.id, batch.transactions, receivedAt: options.clock())
        } catch LedgerStoreError.sequenceOutOfRange(let sequence) {
            throw BackOfficeProblem.badRequest("sequence \(sequence) is beyond 2^63 - 1: nothing stored")
        } catch let error as LedgerStoreError {
            Counter(label: "backoffice_upload_conflicts_total").increment()
            logger.error("upload refused: \(error)")
            throw BackOfficeProblem.conflict(error.description)
        }
        options.afterStore?()
        Counter(label: "backoffice_transactions_stored_total").increment(by: report.stored)
        Counter(label: "backoffice_transactions_duplicate_total").increment(by: report.duplicates)
        let answer = UploadAnswer(
            terminal: terminal.id, storedThrough: report.storedThrough, received: batch.transactions.count,
            stored: report.stored, duplicates: report.duplicates, serverTime: options.clock())
        return try JSONBody.response(answer)
    }
}
