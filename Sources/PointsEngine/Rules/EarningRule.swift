/// Earning by bill value: the band holding the earning base sets the rate for
/// the whole base, and the tier multiplier applies in the same single floor:
///
///     total = floor(base × points × multiplier% / (per × 100))
///     band line = floor(base × points / per); tier line = total − band line
///
/// Nothing is earned on a sale that is not qualifying, or on a base below the
/// first band.
enum EarningRule {
    static func apply(_ e: inout Evaluation, base: Int64, qualifying: Bool) throws(EngineError) -> Int64 {
        guard qualifying, base > 0, let band = e.programme.earning.band(for: base) else { return 0 }
        let tier = e.tier
        let plain = try CheckedMath.mulDivFloor(base, band.points, band.per, rule: .earning)
        let rate = try CheckedMath.multiply(band.points, tier.multiplierPercent, rule: .tierMultiplier)
        let divisor = try CheckedMath.multiply(band.per, 100, rule: .tierMultiplier)
        let total = try CheckedMath.mulDivFloor(base, rate, divisor, rule: .tierMultiplier)
        e.line(.earning, "Spend \(e.money(base)) at \(pointsText(band.points)) per \(e.money(band.per))", plain)
        if total > plain {
            e.line(.tierMultiplier, "\(tier.name) bonus x\(multiplierText(tier.multiplierPercent))", total - plain)
        }
        return total
    }

    /// 150 → "1.5", 200 → "2", 125 → "1.25".
    static func multiplierText(_ percent: Int64) -> String {
        let whole = percent / 100
        var fraction = String(percent % 100)
        if fraction.count == 1 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }
}

/// Points per visit, for every qualifying sale; not multiplied by tiers.
enum VisitRule {
    static func apply(_ e: inout Evaluation, qualifying: Bool) -> Int64 {
        let points = e.programme.earning.pointsPerVisit
        guard qualifying, points > 0 else { return 0 }
        e.line(.visit, "Visit bonus", points)
        return points
    }
}

/// The tier's monthly gift, offered on the first qualifying sale of each
/// calendar month. It is a gift, not points: the line has zero points.
enum MonthlyGiftRule {
    static func apply(_ e: inout Evaluation, qualifying: Bool) {
        let tier = e.tier
        guard qualifying, let gift = tier.monthlyGift, e.state.lastGiftMonth != e.month else { return }
        e.state.lastGiftMonth = e.month
        e.line(.monthlyGift, "\(tier.name) gift for \(e.month): \(gift)")
    }
}
