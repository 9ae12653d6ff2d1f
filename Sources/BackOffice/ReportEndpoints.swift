import BackOfficeReports
import BackOfficeStorage
import Hummingbird

/// The reports on the synced journals, for auditors:
/// - `GET /v1/reports/retention?from=YYYY-MM-DD&to=YYYY-MM-DD[&utcOffsetMinutes=N]`: the
///   retention figures of a period (``RetentionReporter``);
/// - `GET /v1/reports/cards`: the card chain check, copied and rolled-back cards and unsettled
///   forks (``CardChainReporter``).
struct ReportEndpoints: Sendable {
    let store: any LedgerStore
    let users: UserAuthenticator

    func register(on router: Router<BasicRequestContext>) {
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
            return try JSONBody.response(try await RetentionReporter.report(period, store: store))
        }
        router.get("/v1/reports/cards") { request, _ in
            _ = try await users.authorize(request, needs: .auditor)
            return try JSONBody.response(try await CardChainReporter.report(store: store))
        }
    }
}
