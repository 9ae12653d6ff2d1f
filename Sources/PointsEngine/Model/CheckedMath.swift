/// Checked integer arithmetic used by every rule.
///
/// The engine never uses floating point. Every sum and product of money or
/// points goes through these helpers, which report overflow as a typed
/// ``EngineError/arithmeticOverflow(_:)`` naming the rule instead of trapping.
enum CheckedMath {
    /// `a + b`, or an overflow error naming `rule`.
    @inlinable
    static func add(_ a: Int64, _ b: Int64, rule: RuleID) throws(EngineError) -> Int64 {
        let (value, overflow) = a.addingReportingOverflow(b)
        if overflow { throw .arithmeticOverflow(rule) }
        return value
    }

    /// `a - b`, or an overflow error naming `rule`.
    @inlinable
    static func subtract(_ a: Int64, _ b: Int64, rule: RuleID) throws(EngineError) -> Int64 {
        let (value, overflow) = a.subtractingReportingOverflow(b)
        if overflow { throw .arithmeticOverflow(rule) }
        return value
    }

    /// `a * b`, or an overflow error naming `rule`.
    @inlinable
    static func multiply(_ a: Int64, _ b: Int64, rule: RuleID) throws(EngineError) -> Int64 {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw .arithmeticOverflow(rule) }
        return value
    }

    /// `floor(a * b / c)` for non-negative `a`, `b` and positive `c`, computed
    /// exactly in 128 bits, so the intermediate product never overflows.
    ///
    /// The result must fit in `Int64`; when `b <= c` it always does (it is at
    /// most `a`). Otherwise overflow is reported as an error naming `rule`.
    @inlinable
    static func mulDivFloor(_ a: Int64, _ b: Int64, _ c: Int64, rule: RuleID) throws(EngineError) -> Int64 {
        precondition(a >= 0 && b >= 0 && c > 0, "mulDivFloor takes non-negative operands and a positive divisor")
        let product = UInt64(a).multipliedFullWidth(by: UInt64(b))
        let divisor = UInt64(c)
        // The quotient fits in 64 bits only when the high word is below the divisor.
        guard product.high < divisor else { throw .arithmeticOverflow(rule) }
        let (quotient, _) = divisor.dividingFullWidth(product)
        guard quotient <= UInt64(Int64.max) else { throw .arithmeticOverflow(rule) }
        return Int64(quotient)
    }

    /// `floor(a * percent / 100)` for non-negative values.
    @inlinable
    static func percentFloor(_ a: Int64, _ percent: Int64, rule: RuleID) throws(EngineError) -> Int64 {
        try mulDivFloor(a, percent, 100, rule: rule)
    }
}
