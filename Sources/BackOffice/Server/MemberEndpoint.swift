import BackOfficeReports
import BackOfficeStorage
import Hummingbird
import SyncProtocol

/// `GET /v1/members/{member}` and `GET /v1/members?phone=...`: a terminal's signed lookup of a
/// member the back office holds (`MemberAnswer`): a UID-only card's balance after its terminal
/// forgot it, a member without their card. The projection is brought up to date with
/// everything stored before it answers. 404 `unknown-member` when nobody matches.
struct MemberEndpoint: Sendable {
    let projection: MemberProjection
    let store: any LedgerStore
    let terminals: TerminalAuthenticator

    func register(on router: Router<BasicRequestContext>) {
        router.get("/v1/members/:member") { request, context in
            _ = try await terminals.authenticate(request, body: [UInt8]())
            guard let id = context.parameters.get("member"), (1...64).contains(id.utf8.count) else {
                throw BackOfficeProblem.badRequest("the member id must be 1 to 64 bytes")
            }
            try await projection.catchUp()
            return try answer(try await store.member(id), asked: "member \(id)")
        }
        router.get("/v1/members") { request, _ in
            _ = try await terminals.authenticate(request, body: [UInt8]())
            guard let phone = request.uri.queryParameters["phone"].map(String.init), let normalised = PhoneNumber.normalised(phone) else {
                throw BackOfficeProblem.badRequest("phone must be a phone number: 6 to 15 digits, an optional leading +")
            }
            try await projection.catchUp()
            return try answer(try await store.member(phone: normalised), asked: "phone \(normalised)")
        }
    }

    private func answer(_ snapshot: MemberSnapshot?, asked: String) throws -> Response {
        guard let snapshot else {
            throw BackOfficeProblem(status: .notFound, code: "unknown-member", reason: "no member with \(asked)")
        }
        return try JSONBody.response(MemberAnswer(snapshot))
    }
}
