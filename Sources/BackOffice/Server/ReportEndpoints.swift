import BackOfficeReports
import BackOfficeStorage
import Hummingbird

/// The reports on the synced journals, for auditors:
/// - `GET /v1/reports/retention?from=YYYY-MM-DD&to=YYYY-MM-DD[&utcOffsetMinutes=N][&store=NAME]`:
///   the retention figures of a period, of every store or one, from the overview projection
///   (``OverviewReporter``, caught up first);
/// - `GET /v1/reports/nps[?from=YYYY-MM-DD][&to=YYYY-MM-DD][&utcOffsetMinutes=N][&store=NAME]`:
///   the Net Promoter Score per store and month with the number of answers (``NPSReporter``);
/// - `GET /v1/reports/cards[?unresolvedAfterHours=N]`: the card chain check, copied and
///   rolled-back cards, unsettled forks, voided transactions found on the card and transactions
///   left unresolved too long, each of the last two raised as an alarm once (``CardChainReporter``);
/// - `GET /v1/reports/approvals[?from=S&to=S]`: the till adjustments, reversals and approved
///   operations, with who asked and who approved (``ApprovalsReporter``); times in seconds since
///   the epoch, `to` excluded.
struct ReportEndpoints: Sendable {
    let store: any LedgerStore
    let users: UserAuthenticator
    let overview: OverviewProjection
    /// Milliseconds since the Unix epoch.
    let clock: @Sendable () -> Int64

    func register(on router: Router<BackOfficeRequestContext>) {
        router.get("/v1/reports/retention") { request, _ in
            _ = try await users.authorize(request, needs: .auditor)
            let query = request.uri.queryParameters
            guard let from = query["from"], let to = query["to"] else {
                throw BackOfficeProblem.badRequest("from and to are required (YYYY-MM-DD, both days included)")
            }
            let offsetText = query["utcOffsetMinutes"].map(String.init) ?? "0"
            guard let offset = Int(offsetText) else { throw BackOfficeProblem.badRequest("utcOffsetMinutes must be a whole number") }
            let period: RetentionPeriod
            do {
                period = try RetentionPeriod(first: String(from), last: String(to), utcOffsetMinutes: offset)
            } catch {
                throw BackOfficeProblem.badRequest("\(error)")
            }
            let scope = OverviewScope(store: query["store"].map(String.init))
            try await overview.catchUp()
            return try JSONBody.response(try await OverviewReporter.report(period, scope: scope, store: store))
        }
        router.get("/v1/reports/nps") { request, _ in
            _ = try await users.authorize(request, needs: .auditor)
            let query = request.uri.queryParameters
            guard let offset = Int(query["utcOffsetMinutes"].map(String.init) ?? "0"), (-840...840).contains(offset) else {
                throw BackOfficeProblem.badRequest("utcOffsetMinutes must be a whole number from -840 to 840")
            }
            var bounds: (from: Int64, to: Int64) = (0, Int64(Int32.max) * 4)
            do {
                if let from = query["from"] {
                    bounds.from = try RetentionPeriod(first: String(from), last: String(from), utcOffsetMinutes: offset).from
                }
                if let to = query["to"] {
                    bounds.to = try RetentionPeriod(first: String(to), last: String(to), utcOffsetMinutes: offset).to
                }
            } catch {
                throw BackOfficeProblem.badRequest("\(error)")
            }
            try await overview.catchUp()
            let report = try await NPSReporter.report(
                from: bounds.from, to: bounds.to, utcOffsetMinutes: offset, scope: OverviewScope(store: query["store"].map(String.init)),
                store: store)
            return try JSONBody.response(report)
        }
        router.get("/v1/reports/cards") { request, _ in
            _ = try await users.authorize(request, needs: .auditor)
            let hoursText = request.uri.queryParameters["unresolvedAfterHours"].map(String.init) ?? "24"
            guard let hours = Int64(hoursText), (0...87_600).contains(hours) else {
                throw BackOfficeProblem.badRequest("unresolvedAfterHours must be a whole number of hours, 0 ... 87600")
            }
            return try JSONBody.response(try await CardChainReporter.check(store: store, at: clock(), unresolvedLimit: hours * 3600).report)
        }
        router.get("/v1/reports/approvals") { request, _ in
            _ = try await users.authorize(request, needs: .auditor)
            let query = request.uri.queryParameters
            var bounds: [Int64?] = []
            for name in ["from", "to"] {
                guard let text = query[Substring(name)] else {
                    bounds.append(nil)
                    continue
                }
                guard let value = Int64(String(text)), value >= 0 else {
                    throw BackOfficeProblem.badRequest("\(name) must be a whole number of seconds since the epoch")
                }
                bounds.append(value)
            }
            return try JSONBody.response(try await ApprovalsReporter.report(from: bounds[0], to: bounds[1], store: store))
        }
    }
}
