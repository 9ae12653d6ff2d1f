import BackOfficeReports
import BackOfficeStorage
import Hummingbird

/// `GET /v1/reports/cards` (`auditor`): the card chain check of the synced journals, copied and
/// rolled-back cards and unsettled forks (``CardChainReporter``).
struct CardChainEndpoint: Sendable {
    let store: any LedgerStore
    let users: UserAuthenticator

    func register(on router: Router<BasicRequestContext>) {
        router.get("/v1/reports/cards") { request, _ in
            _ = try await users.authorize(request, needs: .auditor)
            return try JSONBody.response(try await CardChainReporter.report(store: store))
        }
    }
}
