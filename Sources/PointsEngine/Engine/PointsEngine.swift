/// The points engine: a pure, deterministic function of
/// (programme, member state, transaction, clock, terminal context).
///
/// It does no I/O and reads no clock: `now` is passed in. Same inputs, same
/// result, on every terminal. All arithmetic is on `Int64` minor units and
/// points; every rounding is a floor stated on the rule; overflow is refused
/// with ``EngineError/arithmeticOverflow(_:)``.
///
/// ```swift
/// let engine = try PointsEngine(programme: .demo)
/// let result = try engine.evaluate(.sale(sale), member: state, now: now, context: context)
/// print(result.lines.map(\.description).joined(separator: "\n"))
/// ```
public struct PointsEngine: Sendable {
    /// The validated programme.
    public let programme: Programme
    private let currency: Currency

    /// An engine for `programme`, which is validated first.
    public init(programme: Programme) throws(ProgrammeValidationError) {
        try programme.validate()
        self.programme = programme
        currency = programme.currencyInfo
    }

    /// Evaluates one transaction.
    ///
    /// Every evaluation first brings the member up to date (expiry, the tier
    /// window and review, the offline counters, pending event grants), then
    /// applies the transaction's rules in this order:
    /// - sale: tier discount, birthday discount, redemption, earning (bands
    ///   and tier multiplier), visit, monthly gift, birthday points, win-back,
    ///   referral, then the upgrade check;
    /// - refund: take back and give back (see ``Refund``);
    /// - inquiry: nothing more.
    ///
    /// Before any of them: expiry, the tier review, event grants and points adjustments.
    ///
    /// - Parameters:
    ///   - transaction: the sale, refund or inquiry.
    ///   - member: the member's state as read from the card (or journal).
    ///   - now: the current time, from the terminal's clock.
    ///   - context: what the terminal knows besides (online, last sync, card class...).
    /// - Returns: the new state, the figures and the receipt lines.
    public func evaluate(
        _ transaction: Transaction, member: MemberState, now: Timestamp, context: TerminalContext
    ) throws(EngineError) -> EvaluationResult {
        var e = try broughtUpToDate(member, now: now, context: context)
        switch transaction {
        case .sale(let sale): try SaleEvaluation.apply(&e, sale: sale)
        case .refund(let refund): try RefundRule.apply(&e, refund: refund)
        case .inquiry: break
        }
        return e.finish()
    }

    /// An evaluation with the member brought up to date (expiry, the tier window and review, the
    /// offline run reset online, event grants, adjustments): what every transaction starts from.
    func broughtUpToDate(_ member: MemberState, now: Timestamp, context: TerminalContext) throws(EngineError) -> Evaluation {
        try Self.validate(member)
        var e = Evaluation(programme: programme, currency: currency, member: member, now: now, context: context)
        ExpiryRule.apply(&e)
        TierRule.pruneWindow(&e)
        TierRule.review(&e)
        if context.online { e.state.offline.consecutiveRedemptions = 0 }
        try EventBonusRule.apply(&e)
        try AdjustmentRule.apply(&e)
        return e
    }

    static func validate(_ m: MemberState) throws(EngineError) {
        func check(_ ok: Bool, _ field: String, _ problem: String) throws(EngineError) {
            if !ok { throw .invalidInput(field: "member.\(field)", problem: problem) }
        }
        try check(m.lots.allSatisfy { $0.points > 0 }, "lots", "a lot without positive points")
        try check(m.lots.count <= MemberState.maxLots, "lots", "more than \(MemberState.maxLots)")
        try check(zip(m.lots, m.lots.dropFirst()).allSatisfy { $0.month < $1.month }, "lots", "not in month order")
        var total: Int64 = 0
        for lot in m.lots {
            let (sum, overflow) = total.addingReportingOverflow(lot.points)
            try check(!overflow, "lots", "total overflows")
            total = sum
        }
        try check(m.debt >= 0, "debt", "negative")
        try check(m.spend.allSatisfy { $0.amount >= 0 }, "spend", "negative amount")
        try check(m.spend.count <= MemberState.maxSpendBuckets, "spend", "more than \(MemberState.maxSpendBuckets)")
        try check(m.offline.pointsToday >= 0 && m.offline.consecutiveRedemptions >= 0, "offline", "negative counter")
    }
}
