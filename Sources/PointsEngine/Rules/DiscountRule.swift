/// Bill discounts: the tier's discount, then the birthday discount on what is
/// left. Each is a whole percentage of the eligible amount, floored to a whole
/// minor unit. Discounts give no points and are not points.
enum DiscountRule {
    /// Applies the tier discount to `eligible`; returns the discount.
    static func tierDiscount(_ e: inout Evaluation, eligible: Int64) throws(EngineError) -> Int64 {
        let tier = e.tier
        guard tier.discountPercent > 0, eligible > 0 else { return 0 }
        let discount = try CheckedMath.percentFloor(eligible, tier.discountPercent, rule: .tierDiscount)
        guard discount > 0 else { return 0 }
        e.line(.tierDiscount, "\(tier.name) discount \(tier.discountPercent)% on \(e.money(eligible)): -\(e.money(discount))")
        return discount
    }

    /// Applies the birthday discount to `remaining`; returns the discount.
    static func birthdayDiscount(_ e: inout Evaluation, rule: BirthdayRule, remaining: Int64) throws(EngineError) -> Int64 {
        guard rule.discountPercent > 0, remaining > 0 else { return 0 }
        let discount = try CheckedMath.percentFloor(remaining, rule.discountPercent, rule: .birthday)
        guard discount > 0 else { return 0 }
        e.line(.birthday, "Happy birthday! \(rule.discountPercent)% off \(e.money(remaining)): -\(e.money(discount))")
        return discount
    }
}
