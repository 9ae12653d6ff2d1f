/// Tiers: the rolling spend window, review (downgrade) at the end of the
/// period, and upgrade at once.
enum TierRule {
    /// Drops spend buckets that have left the window.
    static func pruneWindow(_ e: inout Evaluation) {
        let first = e.month.adding(months: -(e.programme.tiers.windowMonths - 1))
        e.state.spend.removeAll { $0.month < first }
        if e.state.spend.count > MemberState.maxSpendBuckets {
            e.state.spend.removeFirst(e.state.spend.count - MemberState.maxSpendBuckets)
        }
    }

    /// At the first evaluation on or after the review month, the tier is set
    /// from the qualifying spend at that moment: kept (and held for another
    /// period), lowered, or raised. A tier id the programme no longer has, or
    /// a tier above the entry level without a review month, is reviewed at once.
    static func review(_ e: inout Evaluation) {
        let tiers = e.programme.tiers
        let known = e.programme.tier(id: e.state.tierId) != nil
        let entry = tiers.rank(of: e.state.tierId) == 0
        // Due: an unknown tier, or a tier above the entry level whose review
        // month has come (or that has no review month at all).
        guard !known || (!entry && (e.state.tierReviewMonth.map { $0 <= e.month } ?? true)) else { return }
        let spend = e.state.qualifyingSpend(windowMonths: tiers.windowMonths, asOf: e.month)
        let current = e.tier
        let level = tiers.level(forSpend: spend)
        let from = known ? tiers.rank(of: current.id) : -1
        let to = tiers.rank(of: level.id)
        e.state.tierReviewMonth = to == 0 ? nil : e.month.adding(months: tiers.reviewMonths)
        if to == from {
            e.line(
                .tierChange,
                "\(level.name) renewed until \(e.state.tierReviewMonth?.description ?? "-"): spend \(e.money(spend)) over \(tiers.windowMonths) months"
            )
            return
        }
        let kind: TierChange.Kind = to > from ? .upgrade : .downgrade
        let threshold = kind == .upgrade ? level.threshold : current.threshold
        let reason =
            kind == .upgrade
            ? "spend \(e.money(spend)) over \(tiers.windowMonths) months reached \(level.name) at \(e.money(threshold))"
            : "spend \(e.money(spend)) over \(tiers.windowMonths) months is below \(current.name) at \(e.money(threshold)) at the end of the period"
        record(&e, kind: kind, from: known ? current : nil, to: level, spend: spend, threshold: threshold, reason: reason)
    }

    /// After a sale: a higher threshold reached is applied at once, and the
    /// new tier is held for ``TierRules/reviewMonths`` months.
    static func upgrade(_ e: inout Evaluation) {
        let tiers = e.programme.tiers
        let spend = e.state.qualifyingSpend(windowMonths: tiers.windowMonths, asOf: e.month)
        let level = tiers.level(forSpend: spend)
        let current = e.tier
        guard tiers.rank(of: level.id) > tiers.rank(of: current.id) else { return }
        e.state.tierReviewMonth = e.month.adding(months: tiers.reviewMonths)
        let reason = "spend \(e.money(spend)) over \(tiers.windowMonths) months reached \(level.name) at \(e.money(level.threshold))"
        record(&e, kind: .upgrade, from: current, to: level, spend: spend, threshold: level.threshold, reason: reason)
    }

    private static func record(
        _ e: inout Evaluation, kind: TierChange.Kind, from: TierLevel?, to: TierLevel,
        spend: Int64, threshold: Int64, reason: String
    ) {
        let fromId = from?.id ?? e.state.tierId
        e.state.tierId = to.id
        e.result.tierChange = TierChange(
            kind: kind, from: fromId, to: to.id, qualifyingSpend: spend, threshold: threshold, reason: reason)
        let verb = kind == .upgrade ? "Upgraded" : "Downgraded"
        e.line(.tierChange, "\(verb) \(from?.name ?? fromId) to \(to.name): \(reason)")
    }
}
