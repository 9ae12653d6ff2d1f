import BackOfficeStorage
import Foundation
import Hummingbird
import SyncProtocol

/// `POST /v1/terminal-status`: a terminal's signed report of its journal, documents, clock and
/// refusals (`TerminalStatusReport`, 8 KiB at most), kept as its latest with the back office's
/// clock at receipt; answered 204. The fleet page and check read it (`docs/sync-protocol.md`,
/// "Terminal status").
struct TerminalStatusEndpoint: Sendable {
    let store: any LedgerStore
    let terminals: TerminalAuthenticator
    /// The back office's clock, ms since the epoch.
    let clock: @Sendable () -> Int64

    func register(on router: Router<BackOfficeRequestContext>) {
        router.post("/v1/terminal-status") { request, _ in
            let limit = TerminalStatusReport.maximumBytes
            let body: [UInt8]
            do {
                body = Array(try await request.body.collect(upTo: limit).readableBytesView)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                throw BackOfficeProblem.tooLarge(limit)
            }
            let terminal = try await terminals.authenticate(request, body: body)
            let report: TerminalStatusReport
            do {
                report = try JSONDecoder().decode(TerminalStatusReport.self, from: Data(body))
            } catch {
                throw BackOfficeProblem.badRequest("the body must be a terminal status report (docs/sync-protocol.md): \(error)")
            }
            let problems = report.problems
            guard problems.isEmpty else { throw BackOfficeProblem.badRequest(problems.joined(separator: "; ")) }
            try await store.recordStatus(ReceivedTerminalStatus(terminal: terminal.id, receivedAt: clock(), report: report))
            return Response(status: .noContent)
        }
    }
}
