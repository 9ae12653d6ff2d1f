import BackOfficeReports
import BackOfficeStorage
import Hummingbird

/// `GET /v1/reports/refunds`, for auditors: the sales refunded for more than their amount at
/// several tills, each with its refunds and the money beyond the sale (``RefundReporter``); the
/// projection is brought up to date first.
struct RefundReportEndpoint: Sendable {
    let store: any LedgerStore
    let projection: MemberProjection
    let users: UserAuthenticator

    func register(on router: Router<BackOfficeRequestContext>) {
        router.get("/v1/reports/refunds") { request, _ in
            _ = try await users.authorize(request, needs: .auditor)
            return try JSONBody.response(try await RefundReporter.report(store: store, projection: projection))
        }
    }
}
