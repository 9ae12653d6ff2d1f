/// Points adjustments the back office settled outside the card, applied once each, in sequence
/// order (``PointsAdjustment``): one whose sequence is not above
/// ``MemberState/lastAdjustmentSequence`` was applied already and is skipped.
///
/// Points added are credited now (paying a debt first, like any points). Points taken come
/// from the lots oldest first; what the lots lack becomes a debt that the next points earned
/// pay off, whatever the refund policy, since the member already had those points' value.
/// Neither is tied to a bill, and a refund never undoes them.
enum AdjustmentRule {
    static func apply(_ e: inout Evaluation) throws(EngineError) {
        let pending = e.context.pendingAdjustments
            .filter { $0.sequence > e.state.lastAdjustmentSequence }
            .sorted { $0.sequence < $1.sequence }
        for adjustment in pending where adjustment.sequence > e.state.lastAdjustmentSequence {
            e.state.lastAdjustmentSequence = adjustment.sequence
            if adjustment.points >= 0 {
                e.result.bonusPoints = try CheckedMath.add(e.result.bonusPoints, adjustment.points, rule: .adjustment)
                e.line(.adjustment, adjustment.reason, adjustment.points)
                try e.creditNow(adjustment.points)
            } else {
                let owed = adjustment.points == .min ? Int64.max : -adjustment.points
                let taken = e.state.spendOldestFirst(owed)
                e.state.debt = try CheckedMath.add(e.state.debt, owed - taken, rule: .adjustment)
                e.result.takenBackPoints = try CheckedMath.add(e.result.takenBackPoints, owed, rule: .adjustment)
                e.line(.adjustment, adjustment.reason, adjustment.points)
                if owed > taken { e.line(.debt, "\(pointsText(owed - taken)) owed, paid off by the next points earned") }
            }
        }
    }
}
