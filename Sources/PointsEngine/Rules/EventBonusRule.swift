/// Event bonuses granted by the back office (newsletter, review, share,
/// referral rewards for a referrer), applied once each.
///
/// Grants are applied in sequence order; a grant whose sequence is not above
/// ``MemberState/lastGrantSequence`` was already applied and is skipped
/// silently. A once-per-member kind already granted, or a kind the programme
/// does not know, is consumed with a zero-point line. Event points are not
/// tied to a bill and are never taken back by a refund.
enum EventBonusRule {
    static func apply(_ e: inout Evaluation) throws(EngineError) {
        let pending = e.context.pendingGrants
            .filter { $0.sequence > e.state.lastGrantSequence }
            .sorted { $0.sequence < $1.sequence }
        for grant in pending where grant.sequence > e.state.lastGrantSequence {
            e.state.lastGrantSequence = grant.sequence
            if grant.kind == "referral" {
                guard let referral = e.programme.referral else {
                    e.line(.event, "Referral reward not in this programme: not applied")
                    continue
                }
                try credit(&e, referral.referrerPoints, "Thank you for referring a friend")
                continue
            }
            guard let rule = e.programme.event(kind: grant.kind) else {
                e.line(.event, "Event \"\(grant.kind)\" not in this programme: not applied")
                continue
            }
            if rule.oncePerMember {
                if e.state.onceEvents.contains(rule.kind) {
                    e.line(.event, "\(rule.name): already rewarded once")
                    continue
                }
                e.state.onceEvents.append(rule.kind)
                if e.state.onceEvents.count > MemberState.maxOnceEvents { e.state.onceEvents.removeFirst() }
            }
            try credit(&e, rule.points, rule.name)
        }
    }

    private static func credit(_ e: inout Evaluation, _ points: Int64, _ text: String) throws(EngineError) {
        e.result.bonusPoints = try CheckedMath.add(e.result.bonusPoints, points, rule: .event)
        e.line(.event, text, points)
        try e.creditNow(points)
    }
}
