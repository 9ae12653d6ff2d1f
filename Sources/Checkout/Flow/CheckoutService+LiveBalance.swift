import LedgerFormat
import PointsEngine

/// What the back office said about the member just before a redemption.
struct LiveBalance: Sendable {
    /// Whether the engine prices online (the back office answered) or by the offline rules.
    var online: Bool
    /// Adjustments the back office holds that the card has not applied yet.
    var pending: [PointsAdjustment]
    /// The back office was asked and did not answer in time: offline rules, said in the answer.
    var fallback: String?
}

extension CheckoutService {
    /// Online is not a looser mode: before a redemption while online, the terminal asks the
    /// back office for the member (within the lookup's budget). The adjustments it holds that the
    /// card has not applied yet (a refund without the card, a sale without it, a correction) are
    /// applied now, so the card's older balance cannot be spent twice; the online limits apply.
    /// A back office that does not answer in time leaves the terminal on its offline rules, and
    /// the answer says so. `nil`: nothing to ask (no redemption, offline, no back office).
    func liveBalance(for work: CheckoutWork, card: CardIdentity, base: MemberState) async -> LiveBalance? {
        guard case .sale(let request) = work, request.redemption != .none, card.trust == .memberCard,
            let box = memberLookup.withLock({ $0 }), state.withLock({ $0.online })
        else { return nil }
        switch await box.ask({ await $0.find(MemberReference(memberId: card.member)) }) {
        case .found(let found)?:
            return LiveBalance(online: true, pending: found.pending.filter { $0.sequence > base.lastAdjustmentSequence })
        case .unknown?:
            return LiveBalance(online: true, pending: [])
        case .unreachable(let why)?:
            logger.info("the back office could not be asked for a live balance: \(why)")
            return LiveBalance(online: false, pending: [], fallback: "the back office is out of reach")
        case nil:
            return LiveBalance(online: false, pending: [], fallback: "the back office did not answer within \(box.budget.milliseconds) ms")
        }
    }
}
