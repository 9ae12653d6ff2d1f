import BackOfficeStorage
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

    func register(on router: Router<BasicRequestContext>) {
        router.post("/v1/journal/batches") { request, _ in try await upload(request) }
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
        let bytes = body.readableBytesView
        let terminal = try await terminals.authenticate(request, body: bytes)
        let batch: JournalBatch
        do {
            batch = try JournalBatch(decoding: bytes)
        } catch {
            throw BackOfficeProblem.badRequest(error.description)
        }
        guard batch.terminal == terminal.id else {
            try await terminals.refuse(.wrongTerminal(signedBy: terminal.id, named: batch.terminal))
        }
        let report: IngestReport
        do {
            report = try await store.ingest(terminal: terminal.id, batch.transactions, receivedAt: options.clock())
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
