import AsyncHTTPClient
import CardProfile
import Logging
import LoyaltyJournal
import Metrics
import ServiceLifecycle
import SyncProtocol
import Synchronization
import Timekeeping

/// The terminal's sync service: uploads the journal to the back office in batches whenever
/// records wait, and moves the journal's sync mark only to what the back office says it has
/// durably stored (`docs/sync-protocol.md`).
///
/// - Nothing is lost on a restart: the journal's sync mark is the only progress kept, and the
///   protocol is idempotent, so a batch cut short is simply sent again.
/// - Failures (no network, server down, a refusal) back off exponentially with jitter, up to
///   ``SyncSettings/maximumBackoff``; the first success resets it.
/// - Runs in the terminal's `ServiceGroup`; a graceful shutdown stops it between requests or
///   abandons the request in flight (harmless: it is sent again after the restart).
///
/// Metrics: `loyalty_sync_uploads_total` (by `outcome`), `loyalty_sync_untrusted_server_total` (TLS
/// handshakes refused: the server's certificate is not from the trusted authority),
/// `loyalty_sync_transactions_uploaded_total`,
/// `loyalty_sync_batch_transactions`, `loyalty_sync_batch_bytes`, `loyalty_sync_acknowledged_sequence`,
/// `loyalty_sync_online`, `loyalty_sync_clock_skew_seconds`.
public final class SyncService: Service, Sendable {
    /// What one step of the service did.
    public enum Step: Sendable, Equatable {
        /// Nothing waited.
        case idle
        /// A batch was acknowledged; the sync mark is now at `through`.
        case uploaded(transactions: Int, through: UInt64)
        /// The back office could not be reached or failed.
        case failed(String)
        /// The back office refused the batch (status and reason).
        case refused(status: Int, reason: String)
    }

    private struct Progress {
        var backoff: Backoff
        var maximumBatchTransactions: Int
        /// What the back office last said it has (it may have less than the sync mark after a restore).
        var serverStoredThrough: UInt64?
        /// When the journal was last fully synced (or the documents checked), ms.
        var lastContact: Int64?
        /// When the documents were last asked for (0: never).
        var documentsCheckedAt: Int64 = 0
        var documentVersions: [String: Int64]
        /// When the status was last reported (0: never).
        var statusReportedAt: Int64 = 0
        /// Refusals taken for a report that could not be sent: sent with the next.
        var unsentRefusals: [String: Int] = [:]
    }

    let journal: Journal
    let settings: SyncSettings
    let terminal: UInt32
    let client: SyncClient
    let logger: Logger
    let wallTime: any WallTime
    /// Told after every exchange whether the back office is reachable, and when the journal was
    /// last fully synced (for the programme's offline limits): the `lastSync` given at start
    /// until a sync succeeds, and never later than the clock at the exchange.
    let onContact: @Sendable (_ online: Bool, _ lastSync: Int64?) -> Void
    /// Given every answer with newer documents (kind, body: signed versions, checked by the
    /// receiver); returns the version the terminal holds afterwards (refused documents leave it as
    /// it was), or nil when what it took could not be kept (asked for again next time).
    let onDocument: @Sendable (_ kind: String, _ body: [UInt8]) async -> Int64?
    /// Takes the refusals counted since it was last called, by code (for the status report).
    let takeRefusals: @Sendable () -> [String: Int]
    private let wakeup: Wakeup
    private let progress: Mutex<Progress>

    /// A sync service over `journal`; `lastSync` is the last sync kept from before a restart
    /// (ms since the epoch), reported to `onContact` until a sync succeeds.
    public init(
        journal: Journal, credential: TerminalCredential, settings: SyncSettings, client: HTTPClient = .shared, logger: Logger,
        wallTime: any WallTime, clock: any Clock<Duration> = ContinuousClock(), documentVersions: [String: Int64] = [:],
        lastSync: Int64? = nil,
        onContact: @escaping @Sendable (_ online: Bool, _ lastSync: Int64?) -> Void = { _, _ in },
        onDocument: @escaping @Sendable (_ kind: String, _ body: [UInt8]) async -> Int64? = { _, _ in nil },
        takeRefusals: @escaping @Sendable () -> [String: Int] = { [:] }
    ) {
        self.takeRefusals = takeRefusals
        self.journal = journal
        self.settings = settings
        terminal = credential.terminalID
        self.client = SyncClient(
            url: settings.url, terminal: credential.terminalID, key: credential.privateKey, client: client, timeout: settings.timeout,
            wallTime: wallTime)
        self.logger = logger
        self.wallTime = wallTime
        wakeup = Wakeup(clock: clock)
        self.onContact = onContact
        self.onDocument = onDocument
        progress = Mutex(
            Progress(
                backoff: Backoff(initial: settings.initialBackoff, maximum: settings.maximumBackoff),
                maximumBatchTransactions: settings.maximumBatchTransactions, lastContact: lastSync,
                documentVersions: documentVersions))
    }

    /// The member `id` as the back office holds it (`GET /v1/members/{member}`); `nil` when it
    /// knows none. Throws when the back office cannot be asked or refuses.
    public func member(_ id: String) async throws -> MemberAnswer? {
        try await client.member(id)
    }

    /// The member enrolled with `phone` (normalised), as the back office holds it; `nil` when nobody.
    public func member(phone: String) async throws -> MemberAnswer? {
        try await client.member(phone: phone)
    }

    /// Holds `points` of `member`'s balance for the sale `requestId` at the back office: the
    /// reservation, or the status and problem of its refusal.
    public func reserve(points: Int64, of member: String, for requestId: String) async throws
        -> Result<ReservationAnswer, ReservationRefusal>
    {
        switch try await client.reserve(ReservationRequest(points: points, requestId: requestId), of: member) {
        case .success(let answer): return .success(answer)
        case .failure(.refused(let status, let problem)): return .failure(ReservationRefusal(status: status, problem: problem))
        }
    }

    /// Finds a sale and holds part of it for a refund at the back office: the answer, or the
    /// status and problem of its refusal.
    public func holdRefund(_ request: RefundReservationRequest) async throws -> Result<RefundReservationAnswer, ReservationRefusal> {
        switch try await client.holdRefund(request) {
        case .success(let answer): return .success(answer)
        case .failure(.refused(let status, let problem)): return .failure(ReservationRefusal(status: status, problem: problem))
        }
    }

    /// Wakes the service at once (the checkout calls it after an append).
    public func journalAppended() { wakeup.wake() }

    public func run() async throws {
        logger.info("sync service started", metadata: ["backOffice": "\(settings.url)"])
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let step = await self.step()
                switch step {
                case .uploaded:
                    continue
                case .idle:
                    await self.wakeup.wait(timeout: self.settings.idleInterval)
                case .failed, .refused:
                    let delay = self.progress.withLock { $0.backoff.failed() }
                    await self.wakeup.wait(timeout: delay)
                }
            }
        }
        logger.info("sync service stopped")
    }

    /// Uploads one batch if any transaction waits. Never throws: failures are the step's result.
    public func step() async -> Step {
        let statistics: JournalStatistics
        let batch: JournalBatch?
        let (maximumTransactions, serverThrough) = progress.withLock { ($0.maximumBatchTransactions, $0.serverStoredThrough) }
        do {
            statistics = try journal.statistics()
            Gauge(label: "loyalty_sync_acknowledged_sequence").record(Double(statistics.syncedSequence))
            // After a restore the back office may hold less than the mark: send again what the
            // journal still retains.
            var from = statistics.syncedSequence + 1
            if let serverThrough, serverThrough < statistics.syncedSequence, serverThrough + 1 >= statistics.oldestSequence {
                from = serverThrough + 1
            }
            batch =
                from <= statistics.lastSequence
                ? try BatchReader(journal: journal, terminal: terminal)
                    .batch(from: from, maximumTransactions: maximumTransactions, maximumBytes: settings.maximumBatchBytes)
                : nil
        } catch {
            logger.error("sync cannot read the journal: \(error)")
            return .failed("journal: \(error)")
        }
        guard let batch else {
            let step = await idle()
            if step == .idle { await reportStatusIfDue(statistics) }
            return step
        }
        return await upload(batch, statistics: statistics)
    }

    /// The document kinds a terminal downloads.
    public static let documentKinds = DocumentKind.allCases.map(\.rawValue)

    /// Nothing waits: now and then, ask for newer documents (which also tells the checkout the
    /// back office is reachable and the journal fully synced).
    private func idle() async -> Step {
        let now = Int64(wallTime.millisecondsSinceEpoch())
        let interval = settings.documentInterval.components.seconds * 1000
        let (due, versions) = progress.withLock { ($0.documentsCheckedAt + interval <= now, $0.documentVersions) }
        guard due else { return .idle }
        for kind in Self.documentKinds {
            let known = versions[kind] ?? 0
            let outcome: (reply: SyncClient.Reply, skew: Int64?)
            do {
                outcome = try await client.document(kind, after: known)
            } catch {
                contact(online: false)
                if !TransportFailure.recordIfUntrustedServer(error, logger: logger) {
                    logger.warning("sync cannot reach the back office for documents: \(error)")
                }
                return .failed("\(error)")
            }
            if let skew = outcome.skew { Gauge(label: "loyalty_sync_clock_skew_seconds").record(Double(skew) / 1000) }
            switch outcome.reply {
            case .document(let offered, let body):
                logger.info("downloaded \(kind) after version \(known)", metadata: ["offered": "\(offered.map(String.init) ?? "?")"])
                if let held = await onDocument(kind, body) {
                    progress.withLock { $0.documentVersions[kind] = held }
                }
            case .unchanged, .uploaded:
                break
            case .refused(let status, let problem):
                let reason = problem.map { "\($0.error): \($0.reason)" } ?? "HTTP \(status)"
                logger.error("the back office refused a document request: HTTP \(status) \(reason)")
                contact(online: status < 500 && status != 401 && status != 403)
                return status >= 500 ? .failed(reason) : .refused(status: status, reason: reason)
            }
        }
        progress.withLock { $0.documentsCheckedAt = now }
        contact(online: true, synced: true)
        return .idle
    }

    /// Reports the terminal's status when the last report is older than
    /// ``SyncSettings/statusInterval`` (`POST /v1/terminal-status`). A failure is logged and
    /// tried again at the next idle step; the refusals it carried go with the next report.
    private func reportStatusIfDue(_ statistics: JournalStatistics) async {
        let now = Int64(wallTime.millisecondsSinceEpoch())
        let interval = settings.statusInterval.components.seconds * 1000
        let due = progress.withLock { $0.statusReportedAt + interval <= now }
        guard due else { return }
        let taken = takeRefusals()
        let (refusals, versions) = progress.withLock { progress in
            progress.unsentRefusals.merge(taken, uniquingKeysWith: +)
            return (progress.unsentRefusals, progress.documentVersions)
        }
        let report = TerminalStatusReport(
            journalCapacityRecords: statistics.capacityRecords, journalRecordsInUse: statistics.waitingRecords,
            unsyncedTransactions: statistics.waitingTransactions, oldestUnsyncedAt: statistics.oldestUnsyncedTimestamp.map { Int64($0) },
            lastSequence: statistics.lastSequence, documentVersions: versions, clock: now, refusals: refusals)
        do {
            if let refused = try await client.reportStatus(report) {
                logger.warning(
                    "the back office refused the status report: HTTP \(refused.status) \(refused.problem.map { "\($0.error): \($0.reason)" } ?? "")"
                )
            }
            // Sent, or refused for good: the refusals are not sent again.
            progress.withLock {
                $0.statusReportedAt = now
                $0.unsentRefusals = [:]
            }
        } catch {
            logger.warning("the status report could not be sent: \(error)")
        }
    }

    /// The newest version of each document kind taken so far.
    public var documentVersions: [String: Int64] { progress.withLock { $0.documentVersions } }

    private func upload(_ batch: JournalBatch, statistics: JournalStatistics) async -> Step {
        let outcome: (reply: SyncClient.Reply, skew: Int64?, sentBytes: Int)
        do {
            outcome = try await client.upload(batch)
        } catch {
            count(TransportFailure.isUntrustedServer(error) ? "untrusted-server" : "failed")
            contact(online: false)
            if !TransportFailure.recordIfUntrustedServer(error, logger: logger) { logger.warning("sync upload failed: \(error)") }
            return .failed("\(error)")
        }
        if let skew = outcome.skew { Gauge(label: "loyalty_sync_clock_skew_seconds").record(Double(skew) / 1000) }
        switch outcome.reply {
        case .uploaded(let answer):
            return acknowledged(answer, batch: batch, bytes: outcome.sentBytes, statistics: statistics)
        case .refused(let status, let problem):
            let reason = problem.map { "\($0.error): \($0.reason)" } ?? "HTTP \(status)"
            if status == 413 {
                // Smaller batches next time.
                progress.withLock { $0.maximumBatchTransactions = max(1, batch.transactions.count / 2) }
            }
            count(status == 409 ? "conflict" : status >= 500 ? "failed" : "refused")
            contact(online: status < 500 && status != 401 && status != 403)
            if status == 409 {
                logger.critical(
                    "the back office refused a batch: another content is stored under one of its sequences (\(reason)); an operator must look"
                )
            } else {
                logger.error("the back office refused a batch: HTTP \(status) \(reason)")
            }
            return status >= 500 ? .failed(reason) : .refused(status: status, reason: reason)
        case .document, .unchanged:
            return .failed("unexpected answer to an upload")
        }
    }

    private func acknowledged(_ answer: UploadAnswer, batch: JournalBatch, bytes: Int, statistics: JournalStatistics) -> Step {
        guard answer.terminal == terminal else {
            count("refused")
            logger.error("the back office answered for terminal \(answer.terminal), not \(terminal): sync mark not moved")
            return .refused(status: 200, reason: "answer for another terminal")
        }
        progress.withLock { $0.serverStoredThrough = answer.storedThrough }
        if answer.storedThrough < statistics.syncedSequence {
            logger.error(
                "the back office holds transactions 1...\(answer.storedThrough) only, below this terminal's sync mark \(statistics.syncedSequence) (restored from a backup?)"
            )
        }
        // The batch may hold transactions appended after the statistics were read.
        let last = max(statistics.lastSequence, batch.transactions.last?.sequence ?? 0)
        let through = min(answer.storedThrough, last)
        if answer.storedThrough > last {
            logger.error(
                "the back office holds transactions up to \(answer.storedThrough), beyond this journal's last \(last) (a replaced journal?)"
            )
        }
        do {
            if through > statistics.syncedSequence { try journal.markSynced(through: through) }
        } catch {
            count("failed")
            logger.error("the journal's sync mark could not be moved: \(error)")
            return .failed("sync mark: \(error)")
        }
        count("stored")
        Counter(label: "loyalty_sync_transactions_uploaded_total").increment(by: batch.transactions.count)
        Recorder(label: "loyalty_sync_batch_transactions").record(batch.transactions.count)
        Recorder(label: "loyalty_sync_batch_bytes").record(bytes)
        Gauge(label: "loyalty_sync_acknowledged_sequence").record(Double(max(through, statistics.syncedSequence)))
        progress.withLock { $0.backoff.succeeded() }
        let caughtUp = through >= last
        contact(online: true, synced: caughtUp)
        logger.debug("uploaded \(batch.transactions.count) transactions; back office holds 1...\(answer.storedThrough)")
        return .uploaded(transactions: batch.transactions.count, through: through)
    }

    private func contact(online: Bool, synced: Bool = false) {
        let now = Int64(wallTime.millisecondsSinceEpoch())
        let lastSync = progress.withLock { progress -> Int64? in
            // A last sync later than the clock (set back since) counts from now, once.
            if synced || (progress.lastContact ?? now) > now { progress.lastContact = now }
            return progress.lastContact
        }
        Gauge(label: "loyalty_sync_online").record(online ? 1 : 0)
        onContact(online, lastSync)
    }

    private func count(_ outcome: String) {
        Counter(label: "loyalty_sync_uploads_total", dimensions: [("outcome", outcome)]).increment()
    }
}
