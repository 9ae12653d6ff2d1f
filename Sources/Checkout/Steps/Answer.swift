import LedgerFormat
import MemberCard
import PointsEngine

extension CheckoutService {
    /// Step 8, answer: the priced transaction's answer, with its journal sequence.
    static func answer(_ priced: PricedTransaction, sequence: UInt64) -> CheckoutAnswer {
        var answer = priced.answer
        answer.journalSequence = sequence
        return answer
    }
}

extension CheckoutAnswer {
    /// Fills in what the programme did.
    mutating func apply(_ result: EvaluationResult, billAmount: Int64?) {
        points = PointsSummary(result)
        bill = billAmount.map { BillSummary(amount: $0, result: result) }
        balance = result.balance
        tier = result.state.tierId
        tierChange = result.tierChange
        lines = result.lines
        switch result.redemption {
        case .notRequested: redemption = nil
        case .applied(let points, _, let limit): redemption = "applied: \(points) points" + (limit.map { ", limited by \($0.name)" } ?? "")
        case .refused(let limit): redemption = "refused: \(limit)"
        }
    }
}

extension Refusal {
    /// The refusal for a card the terminal did not trust.
    init(card refusal: CardRefusal) {
        switch refusal {
        case .blocked, .cardBlocked: self.init(.cardBlocked, refusal.description)
        case .erased: self.init(.memberErased, refusal.description)
        case .cardRemoved: self.init(.cardRemoved, "the card left the reader before the transaction was made; nothing happened")
        case .transport: self.init(.terminalFault, refusal.description)
        default: self.init(.cardRefused, refusal.description)
        }
    }
}
