import BackOfficeReports
import BackOfficeStorage
import Foundation
import Hummingbird
import LedgerFormat
import SyncProtocol

/// `GET /v1/members/{member}` and `GET /v1/members?phone=...`: a terminal's signed lookup of a
/// member the back office holds (`MemberAnswer`): a UID-only card's balance after its terminal
/// forgot it, a member without their card. The projection is brought up to date with
/// everything stored before it answers. 404 `unknown-member` when nobody matches.
/// `POST /v1/members/{member}/reservations`: a terminal holds points for a sale without the card
/// (201 `ReservationAnswer`; 409 `insufficient-points`).
struct MemberEndpoint: Sendable {
    let projection: MemberProjection
    let store: any LedgerStore
    let terminals: TerminalAuthenticator
    /// The back office's clock, ms since the epoch.
    let clock: @Sendable () -> Int64

    func register(on router: Router<BackOfficeRequestContext>) {
        router.get("/v1/members/:member") { request, context in
            _ = try await terminals.authenticate(request, body: [UInt8]())
            guard let id = context.parameters.get("member"), (1...64).contains(id.utf8.count) else {
                throw BackOfficeProblem.badRequest("the member id must be 1 to 64 bytes")
            }
            try await projection.catchUp()
            return try await answer(try await store.member(id), asked: "member \(id)")
        }
        router.post("/v1/members/:member/reservations") { request, context in
            let body: [UInt8]
            do {
                body = Array(try await request.body.collect(upTo: 4096).readableBytesView)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                throw BackOfficeProblem.tooLarge(4096)
            }
            let terminal = try await terminals.authenticate(request, body: body)
            guard let id = context.parameters.get("member"), (1...64).contains(id.utf8.count) else {
                throw BackOfficeProblem.badRequest("the member id must be 1 to 64 bytes")
            }
            guard let asked = try? JSONDecoder().decode(ReservationRequest.self, from: Data(body)), asked.points > 0,
                (1...64).contains(asked.requestId.utf8.count)
            else {
                throw BackOfficeProblem.badRequest("the body must be {\"points\": a whole number above 0, \"requestId\": 1 to 64 bytes}")
            }
            try await projection.catchUp()
            let now = clock()
            let reservation = PointsReservation(
                member: id, terminal: terminal.id, requestId: asked.requestId, points: asked.points, createdAt: now,
                expiresAt: now + Self.reservationLifetime)
            switch try await store.reserve(reservation, now: now, read: MemberAnswer.held) {
            case .granted(let made, let available):
                return try JSONBody.response(
                    ReservationAnswer(
                        member: id, points: made.points, requestId: made.requestId, expiresAt: made.expiresAt, available: available),
                    status: .created)
            case .insufficient(let available):
                throw BackOfficeProblem(
                    status: .conflict, code: "insufficient-points",
                    reason: "member \(id) may spend \(available) points now, not \(asked.points)")
            case .unknownMember:
                throw BackOfficeProblem(status: .notFound, code: "unknown-member", reason: "no member with member \(id)")
            }
        }
        router.get("/v1/members") { request, _ in
            _ = try await terminals.authenticate(request, body: [UInt8]())
            guard let phone = request.uri.queryParameters["phone"].map(String.init), let normalised = PhoneNumber.normalised(phone) else {
                throw BackOfficeProblem.badRequest("phone must be a phone number: 6 to 15 digits, an optional leading +")
            }
            try await projection.catchUp()
            return try await answer(try await store.member(phone: normalised), asked: "phone \(normalised)")
        }
    }

    private func answer(_ snapshot: MemberSnapshot?, asked: String) async throws -> Response {
        guard let snapshot else {
            throw BackOfficeProblem(status: .notFound, code: "unknown-member", reason: "no member with \(asked)")
        }
        let applied = snapshot.state.flatMap(MemberAnswer.held)?.lastAdjustment ?? 0
        return try JSONBody.response(MemberAnswer(snapshot, pending: try await store.adjustments(of: snapshot.member, after: applied)))
    }

    /// How long points stay held for a sale whose transaction has not arrived: five minutes.
    static let reservationLifetime: Int64 = 300_000
}
