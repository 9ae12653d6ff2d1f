/// The working state of one evaluation, threaded through the rules in order.
struct Evaluation {
    let programme: Programme
    let currency: Currency
    let now: Timestamp
    let today: Day
    let month: Month
    let context: TerminalContext
    var state: MemberState
    var result: EvaluationResult

    init(programme: Programme, currency: Currency, member: MemberState, now: Timestamp, context: TerminalContext) {
        self.programme = programme
        self.currency = currency
        self.now = now
        today = now.day(utcOffsetMinutes: programme.utcOffsetMinutes)
        month = today.month
        self.context = context
        state = member
        result = EvaluationResult(state: member)
    }

    /// Appends a receipt line.
    mutating func line(_ rule: RuleID, _ text: String, _ points: Int64 = 0) {
        result.lines.append(ExplanationLine(rule: rule, text: text, points: points))
    }

    /// The member's current tier level (the entry level if the id is unknown).
    var tier: TierLevel {
        programme.tier(id: state.tierId) ?? programme.tiers.levels[0]
    }

    /// Money formatted in the programme's currency.
    func money(_ amount: Int64) -> String { currency.format(amount) }

    /// Credits points earned now into the current month's lot, paying debt first.
    mutating func creditNow(_ points: Int64) throws(EngineError) {
        let paid = try state.credit(points, month: month, expires: programme.expiry != nil)
        if paid > 0 {
            line(.debt, "Paid off points owed from an earlier refund (\(pointsText(paid)))")
        }
    }

    /// The finished result.
    consuming func finish() -> EvaluationResult {
        result.state = state
        return result
    }
}
