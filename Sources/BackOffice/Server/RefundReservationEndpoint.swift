import BackOfficeReports
import BackOfficeStorage
import Foundation
import Hummingbird
import SyncProtocol

/// `POST /v1/refund-reservations`: a terminal about to refund a sale made at any till holds the
/// part it refunds (`RefundReservationRequest`, signed with its body, 4 KiB at most). The
/// projection is brought up to date first; then, atomically against every other hold, the sale
/// is found (by its terminal and id, or its id alone) and the part asked (or the rest) held for
/// five minutes, at most what its synced refunds and the other refunds' live holds leave
/// (201 `RefundReservationAnswer`). The same terminal and refund id again answer the hold made.
/// Refusals: 404 `unknown-sale`; 409 `already-refunded`, `refund-in-progress`, `ambiguous-sale`
/// (`docs/sync-protocol.md`, "Refunds at any till").
struct RefundReservationEndpoint: Sendable {
    let projection: MemberProjection
    let store: any LedgerStore
    let terminals: TerminalAuthenticator
    /// The back office's clock, ms since the epoch.
    let clock: @Sendable () -> Int64

    /// The largest body taken.
    static let maximumBody = 4096
    /// How long part of a sale stays held for a refund whose transaction has not arrived: five
    /// minutes, as the points held for a sale without the card.
    static let holdLifetime: Int64 = MemberEndpoint.reservationLifetime

    func register(on router: Router<BackOfficeRequestContext>) {
        router.post("/v1/refund-reservations") { request, _ in
            let body: [UInt8]
            do {
                body = Array(try await request.body.collect(upTo: Self.maximumBody).readableBytesView)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                throw BackOfficeProblem.tooLarge(Self.maximumBody)
            }
            let terminal = try await terminals.authenticate(request, body: body)
            guard let asked = try? JSONDecoder().decode(RefundReservationRequest.self, from: Data(body)),
                (1...64).contains(asked.saleId.utf8.count), (1...64).contains(asked.refundId.utf8.count),
                asked.amount.map({ $0 > 0 }) ?? true
            else {
                throw BackOfficeProblem.badRequest(
                    "the body must be {\"saleId\": 1 to 64 bytes, \"refundId\": 1 to 64 bytes, \"saleTerminal\": a terminal id or absent, "
                        + "\"amount\": a whole number above 0 or absent}")
            }
            try await projection.catchUp()
            let now = clock()
            let hold = RefundHold(
                saleTerminal: asked.saleTerminal, saleId: asked.saleId, terminal: terminal.id, refundId: asked.refundId,
                amount: asked.amount, createdAt: now, expiresAt: now + Self.holdLifetime)
            return try Self.answer(try await store.reserveRefund(hold, now: now), asked: asked)
        }
    }

    /// The answer to a hold's outcome: 201 with the hold, or the refusal.
    static func answer(_ outcome: RefundHoldOutcome, asked: RefundReservationRequest) throws -> Response {
        let named = asked.saleTerminal.map { "sale \(asked.saleId) of terminal \($0)" } ?? "sale \(asked.saleId)"
        switch outcome {
        case .granted(let sale, let refunded, let reserved, let expiresAt):
            return try JSONBody.response(
                RefundReservationAnswer(
                    saleTerminal: sale.terminal, saleSequence: sale.sequence, saleId: sale.saleId, member: sale.member, card: sale.card,
                    day: sale.day, amount: sale.amount, qualifyingSpend: sale.qualifyingSpend, billPoints: sale.billPoints,
                    bonusPoints: sale.bonusPoints, redeemedPoints: sale.redeemedPoints, refundedAmount: refunded, reserved: reserved,
                    expiresAt: expiresAt),
                status: .created)
        case .unknownSale:
            throw BackOfficeProblem(status: .notFound, code: "unknown-sale", reason: "the back office holds no \(named)")
        case .ambiguousSale(let found):
            throw BackOfficeProblem(
                status: .conflict, code: "ambiguous-sale",
                reason:
                    "sale \(asked.saleId) was made at terminals \(found.map(String.init).joined(separator: ", ")): name the sale's terminal"
            )
        case .alreadyRefunded(let sale, let refunded):
            throw BackOfficeProblem(
                status: .conflict, code: "already-refunded",
                reason: "sale \(sale.saleId) of terminal \(sale.terminal) is refunded already: \(refunded) of \(sale.amount)")
        case .inProgress(let sale, let refunded, let holder):
            throw BackOfficeProblem(
                status: .conflict, code: "refund-in-progress",
                reason: "the rest of sale \(sale.saleId) of terminal \(sale.terminal) is held by a refund at terminal \(holder) "
                    + "(\(refunded) of \(sale.amount) refunded or held)")
        }
    }
}
