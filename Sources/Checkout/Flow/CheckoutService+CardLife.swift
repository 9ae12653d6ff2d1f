import Foundation
import LedgerFormat
import MemberCard
import PointsEngine

extension CheckoutService {
    /// Refuses, from the next tap on, the cards whose key ids (upper-case hex) are in `cards`:
    /// reported lost or stolen, while the member's other cards still work.
    public func updateBlockedCards(_ cards: Set<String>) {
        updatePolicy { $0.blockedCards = cards }
        logger.notice("blocked cards in force", metadata: ["cards": "\(cards.count)"])
    }

    /// Starts each replacement card in `starts` (by its card key id) from the member state the
    /// back office carried over from the lost card, at its first tap here.
    public func updateReplacements(_ starts: [String: ReplacementStart]) {
        replacements.withLock { $0 = starts }
        logger.notice("replacement cards in force", metadata: ["cards": "\(starts.count)"])
    }

    /// Applies these points adjustments at each member's next tap (the card keeps the highest
    /// adjustment number applied, so each is applied once whichever terminal delivers it).
    public func updateAdjustments(_ adjustments: [String: [PointsAdjustment]]) {
        self.adjustments.withLock { $0 = adjustments }
        logger.notice("points adjustments in force", metadata: ["members": "\(adjustments.count)"])
    }

    /// The adjustments waiting for `member`.
    func adjustments(for member: String) -> [PointsAdjustment] { adjustments.withLock { $0[member] ?? [] } }

    /// The replacement start of a card that holds no state yet, when the back office issued it
    /// for the same member.
    func replacementStart(for identity: CardIdentity, carried: CarriedState?) -> ReplacementStart? {
        guard identity.trust == .memberCard, carried == nil,
            let start = replacements.withLock({ $0[identity.card] }), start.member == identity.member
        else { return nil }
        return start
    }

    /// The receipt line that says where the replacement card's balance came from.
    static func replacementLine(_ start: ReplacementStart) -> ExplanationLine {
        ExplanationLine(
            rule: .ledger,
            text: "Balance of \(start.state.balance) points, tier \(start.state.tierId), carried over from your previous card",
            points: 0)
    }
}
