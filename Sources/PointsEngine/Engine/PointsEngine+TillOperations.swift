/// Points a manager (or a cashier, under the programme's threshold) adds to or takes from a
/// member at the till, with the card tapped: goodwill or a correction.
public struct TillAdjustment: Codable, Hashable, Sendable {
    /// Points added (positive) or taken (negative); never 0.
    public var points: Int64
    /// Why, printed on the receipt.
    public var reason: String

    public init(points: Int64, reason: String) {
        self.points = points
        self.reason = reason
    }
}

/// The transaction a reversal undoes: this terminal's last one, on the same card.
public enum ReversedTransaction: Hashable, Sendable {
    /// A sale, by its record as the sale journaled it: undone as its full refund would be.
    case sale(SaleRecord)
    /// A refund: the sale's record before and after it, and the points it took back and gave back.
    case refund(before: SaleRecord, after: SaleRecord, takenBack: Int64, returned: Int64)
    /// A till adjustment of these points.
    case adjustment(points: Int64)
}

extension PointsEngine {
    /// Evaluates a till adjustment: the member brought up to date as by every evaluation (expiry,
    /// tier review, event grants, the back office's adjustments), then the points credited now
    /// (paying a debt first) or taken from the oldest lots, what the lots lack becoming a debt,
    /// as the back office's adjustments do (`docs/programme.md` §3.11).
    public func evaluate(
        _ adjustment: TillAdjustment, member: MemberState, now: Timestamp, context: TerminalContext
    ) throws(EngineError) -> EvaluationResult {
        guard adjustment.points != 0, adjustment.points != .min, adjustment.points.magnitude <= UInt64(ProgrammeValidation.maximumPoints)
        else { throw .invalidInput(field: "adjustment.points", problem: "must be a non-zero number of points up to 10^9") }
        var e = try broughtUpToDate(member, now: now, context: context)
        if adjustment.points > 0 {
            try Self.add(&e, adjustment.points, adjustment.reason)
        } else {
            try Self.take(&e, -adjustment.points, adjustment.reason)
        }
        return e.finish()
    }

    /// Evaluates the reversal of `reversed`, the terminal's last transaction on this card: a sale
    /// is undone as its full refund would be (its bill and bonus points taken back, the points it
    /// redeemed given back, its qualifying spend removed, the sale marked refunded); a refund is
    /// undone by giving back what it took and taking what it gave, its spend put back and the
    /// sale's refunded amount set back; an adjustment by its opposite.
    public func evaluate(
        reversalOf reversed: ReversedTransaction, member: MemberState, now: Timestamp, context: TerminalContext
    ) throws(EngineError) -> EvaluationResult {
        var e = try broughtUpToDate(member, now: now, context: context)
        switch reversed {
        case .sale(let record):
            e.line(.refund, "Sale \(record.saleId) reversed")
            try RefundRule.apply(&e, refund: Refund(refundId: "reversal", original: record, amount: .full))
        case .refund(let before, let after, let takenBack, let returned):
            try Self.undoRefund(&e, before: before, after: after, takenBack: takenBack, returned: returned)
        case .adjustment(let points):
            guard points != 0, points != .min else { throw .invalidInput(field: "reversal.points", problem: "not an adjustment") }
            if points > 0 {
                try Self.take(&e, points, "Adjustment reversed")
            } else {
                try Self.add(&e, -points, "Adjustment reversed")
            }
        }
        return e.finish()
    }

    private static func add(_ e: inout Evaluation, _ points: Int64, _ reason: String) throws(EngineError) {
        e.result.bonusPoints = try CheckedMath.add(e.result.bonusPoints, points, rule: .adjustment)
        e.line(.adjustment, reason, points)
        try e.creditNow(points)
    }

    private static func take(_ e: inout Evaluation, _ points: Int64, _ reason: String) throws(EngineError) {
        let taken = e.state.spendOldestFirst(points)
        e.state.debt = try CheckedMath.add(e.state.debt, points - taken, rule: .adjustment)
        e.result.takenBackPoints = try CheckedMath.add(e.result.takenBackPoints, points, rule: .adjustment)
        e.line(.adjustment, reason, -points)
        if points > taken { e.line(.debt, "\(pointsText(points - taken)) owed, paid off by the next points earned") }
    }

    private static func undoRefund(
        _ e: inout Evaluation, before: SaleRecord, after: SaleRecord, takenBack: Int64, returned: Int64
    ) throws(EngineError) {
        guard before.saleId == after.saleId, before.amount == after.amount, after.refundedAmount >= before.refundedAmount,
            (0...after.amount).contains(before.refundedAmount), takenBack >= 0, returned >= 0
        else { throw .invalidInput(field: "reversal.refund", problem: "the records do not describe one refund") }
        e.line(.refund, "Refund on sale \(after.saleId) reversed")
        if takenBack > 0 {
            e.line(.refund, "Points the refund took back given back", takenBack)
            e.result.returnedPoints = takenBack
            try e.creditNow(takenBack)
        }
        if returned > 0 {
            let taken = e.state.spendOldestFirst(returned)
            e.state.debt = try CheckedMath.add(e.state.debt, returned - taken, rule: .refund)
            e.result.takenBackPoints = returned
            e.line(.refund, "Points the refund gave back taken again", -returned)
        }
        let spend =
            after.amount == 0
            ? 0
            : try CheckedMath.mulDivFloor(after.qualifyingSpend, after.refundedAmount, after.amount, rule: .refund)
                - CheckedMath.mulDivFloor(after.qualifyingSpend, before.refundedAmount, after.amount, rule: .refund)
        let month = after.day.month
        if spend > 0 {
            if let index = e.state.spend.firstIndex(where: { $0.month == month }) {
                e.state.spend[index].amount = try CheckedMath.add(e.state.spend[index].amount, spend, rule: .refund)
            } else if e.state.spend.count < MemberState.maxSpendBuckets {
                let index = e.state.spend.firstIndex { $0.month > month } ?? e.state.spend.endIndex
                e.state.spend.insert(SpendBucket(month: month, amount: spend), at: index)
            }
        }
        e.state.refunds.removeAll { $0.saleId == after.saleId }
        if before.refundedAmount > 0 {
            e.state.refunds.append(RefundMark(saleId: after.saleId, refundedAmount: before.refundedAmount))
        }
        e.result.saleRecord = before
    }
}
