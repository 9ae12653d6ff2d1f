import BackOfficeReports
import BackOfficeStorage
import Foundation
import Hummingbird
import Logging
import SyncProtocol

/// How the back office server behaves.
public struct BackOfficeOptions: Sendable {
    /// The largest upload body accepted (413 above it, refused before it is read).
    public var maximumBatchBytes: Int
    /// The most transactions one pull page may hold.
    public var maximumPullLimit: Int
    /// The back office's clock, milliseconds since the Unix epoch.
    public var clock: @Sendable () -> Int64
    /// Called after a batch is durably stored and before it is answered: fault tests use it to
    /// kill the server in exactly that window.
    public var afterStore: (@Sendable () -> Void)?

    public init(
        maximumBatchBytes: Int = 8 << 20, maximumPullLimit: Int = 10_000,
        clock: @escaping @Sendable () -> Int64 = BackOfficeOptions.systemClock, afterStore: (@Sendable () -> Void)? = nil
    ) {
        self.maximumBatchBytes = maximumBatchBytes
        self.maximumPullLimit = maximumPullLimit
        self.clock = clock
        self.afterStore = afterStore
    }

    /// The system's wall clock in milliseconds.
    @Sendable public static func systemClock() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}

/// The back office's HTTP API (`docs/backoffice-api.yaml`, protocol in `docs/sync-protocol.md`):
///
/// - `GET /v1/time`: the server's clock; open.
/// - `POST /v1/journal/batches`: a terminal's signed upload of journal transactions; answers
///   what is durably stored (`UploadAnswer`).
/// - `GET /v1/documents/{kind}?after=N`: a terminal's signed download of the newest version of
///   the programme, block list, revoked terminals or bonuses, if newer than `N` (else 204).
/// - `POST /v1/terminal-status`: a terminal's signed report of its journal, documents, clock
///   and refusals, kept as its latest for the fleet page.
/// - `GET /v1/journal`: a user's pull of synced transactions (JSON, NDJSON or CSV), resumable
///   by cursor; `GET /v1/terminals`, `GET /v1/alarms`: what the back office knows.
/// - `GET /v1/reports/retention`, `GET /v1/reports/cards`, `GET /v1/reports/refunds`: reports
///   from the synced journals.
/// - `GET /v1/members/{member}`, `GET /v1/members?phone=`: a terminal's signed lookup of a
///   member's newest state; `POST /v1/members/{member}/reservations`: points held for a sale
///   without the card.
/// - `POST /v1/refund-reservations`: part of a sale held for a refund at any till.
/// - `POST /v1/cards/{card}/lost`, `POST /v1/cards/{card}/replacement`: staff block a lost card
///   and issue its replacement (`admin`; the server needs the document key).
/// - `GET /health`: open.
///
/// Every refusal is a JSON `ProblemAnswer` with a stable code and the reason; every answer
/// carries the server's clock in `Loyalty-Server-Time`.
public enum BackOfficeServer {
    public static func router(
        store: any LedgerStore, options: BackOfficeOptions = BackOfficeOptions(), cards: (any CardOperations)? = nil, logger: Logger
    ) -> Router<BackOfficeRequestContext> {
        let router = Router(context: BackOfficeRequestContext.self)
        router.add(middleware: ObservationMiddleware<BackOfficeRequestContext>(logger: logger, clock: options.clock))
        let terminals = TerminalAuthenticator(store: store, clock: options.clock, logger: logger)
        let users = UserAuthenticator(store: store)
        router.get("/health") { _, _ in HTTPResponse.Status.ok }
        router.get("/v1/time") { _, _ in try JSONBody.response(TimeAnswer(serverTime: options.clock())) }
        UploadEndpoint(store: store, terminals: terminals, options: options, logger: logger).register(on: router)
        DocumentEndpoint(store: store, terminals: terminals).register(on: router)
        TerminalStatusEndpoint(store: store, terminals: terminals, clock: options.clock).register(on: router)
        PullEndpoint(store: store, users: users, options: options).register(on: router)
        AdministrationEndpoints(store: store, users: users).register(on: router)
        let projection = MemberProjection(store: store) { kind, detail in
            try? await store.raise(Alarm(at: options.clock(), kind: kind, terminal: nil, sequence: nil, detail: detail))
        }
        let overview = OverviewProjection(store: store)
        ReportEndpoints(store: store, users: users, overview: overview, clock: options.clock).register(on: router)
        RefundReportEndpoint(store: store, projection: projection, users: users).register(on: router)
        MemberEndpoint(projection: projection, store: store, terminals: terminals, clock: options.clock).register(on: router)
        RefundReservationEndpoint(projection: projection, store: store, terminals: terminals, clock: options.clock).register(on: router)
        CardEndpoints(operations: cards, users: users).register(on: router)
        return router
    }
}
