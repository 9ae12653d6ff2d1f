/// Redemption as credit on the bill.
///
/// Caps, in the order they are reported: the balance, the maximum share of
/// the amount due (floored to a minor unit, then to whole credit steps), then
/// the offline limits (see ``OfflineLimitsRule``) or the online ones (``OnlineLimitsRule``; an offline refusal such as
/// a stale sync refuses even a ``RedemptionRequest/maximum`` request). Every cap is rounded down to whole credit steps.
/// An explicit request is rounded down to whole steps and then refused (not
/// reduced) if a cap is below it; a ``RedemptionRequest/maximum`` request takes
/// the smallest cap and reports it. A result below the programme's minimum is
/// refused. Points are spent oldest first.
enum RedemptionRule {
    /// Applies the request against `due` (amount after discounts); returns the credit.
    static func apply(_ e: inout Evaluation, request: RedemptionRequest, due: Int64) throws(EngineError) -> Int64 {
        let outcome = try decide(e, request: request, due: due)
        e.result.redemption = outcome
        switch outcome {
        case .notRequested:
            return 0
        case .refused(let limit):
            e.line(.redemption, "Redemption refused: \(limit)")
            return 0
        case .applied(let points, let credit, let limitedBy):
            let spent = e.state.spendOldestFirst(points)
            precondition(spent == points, "redemption was checked against the balance")
            OfflineLimitsRule.record(&e, points: points)
            OnlineLimitsRule.record(&e, points: points)
            e.result.redeemedPoints = points
            e.result.redemptionCredit = credit
            let capped = limitedBy.map { " (limited by \($0.name))" } ?? ""
            e.line(.redemption, "Points used as credit: -\(e.money(credit))\(capped)", -points)
            return credit
        }
    }

    static func decide(_ e: Evaluation, request: RedemptionRequest, due: Int64) throws(EngineError) -> RedemptionOutcome {
        if case .none = request { return .notRequested }
        guard let rules = e.programme.redemption else { return .refused(.redemptionDisabled) }
        let step = rules.pointsPerStep
        let shareCredit = try CheckedMath.percentFloor(max(0, due), rules.maximumBillPercent, rule: .redemption)
        let caps: [(RedemptionLimit, Int64)] = [
            (.insufficientBalance(balance: e.state.balance), max(0, e.state.balance)),
            (
                .billShare(maximumPercent: rules.maximumBillPercent),
                try CheckedMath.multiply(shareCredit / rules.wholeUnit, step, rule: .redemption)
            ),
        ]
        let offlineRefusal = OfflineLimitsRule.refusal(e)
        let offlineCaps = OfflineLimitsRule.caps(e) + OnlineLimitsRule.caps(e)

        switch request {
        case .none:
            return .notRequested
        case .points(let asked):
            guard asked >= 0 else { return .refused(.invalidRequest) }
            let wanted = asked / step * step
            guard wanted > 0, wanted >= rules.minimumPoints else {
                return .refused(.belowMinimumPoints(minimum: max(rules.minimumPoints, step)))
            }
            if let (limit, _) = caps.first(where: { wanted > $0.1 }) { return .refused(limit) }
            if let offlineRefusal { return .refused(offlineRefusal) }
            if let (limit, _) = offlineCaps.first(where: { wanted > $0.1 }) { return .refused(limit) }
            return .applied(points: wanted, credit: wanted / step * rules.wholeUnit, limitedBy: nil)
        case .maximum:
            if let offlineRefusal { return .refused(offlineRefusal) }
            var best = caps[0]
            for cap in caps.dropFirst() + offlineCaps where cap.1 < best.1 { best = cap }
            let wanted = best.1 / step * step
            if wanted == 0 { return .refused(best.0) }
            guard wanted >= rules.minimumPoints else {
                return .refused(.belowMinimumPoints(minimum: rules.minimumPoints))
            }
            return .applied(points: wanted, credit: wanted / step * rules.wholeUnit, limitedBy: best.0)
        }
    }
}
