/// Why an evaluation could not be done at all. A refused redemption is not an
/// error: it is a ``RedemptionOutcome/refused(_:)`` in a successful result.
public enum EngineError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An input field is invalid; names the field and the problem.
    case invalidInput(field: String, problem: String)
    /// The sale's currency is not the programme's.
    case currencyMismatch(sale: String, programme: String)
    /// The bill is above the programme's maximum bill.
    case billAboveMaximum(amount: Int64, maximum: Int64)
    /// A result would not fit in 64 bits; names the rule.
    case arithmeticOverflow(RuleID)
    /// A refund later than the programme's ``RefundPolicy/maxAgeDays`` after the sale.
    case refundTooLate(saleDay: Day, maxAgeDays: Int)

    public var description: String {
        switch self {
        case .invalidInput(let field, let problem): "\(field): \(problem)"
        case .currencyMismatch(let sale, let programme): "currency: sale in \(sale), programme in \(programme)"
        case .billAboveMaximum(let amount, let maximum): "amount: \(amount) above the maximum bill \(maximum)"
        case .arithmeticOverflow(let rule): "\(rule.rawValue): arithmetic overflow"
        case .refundTooLate(let day, let days):
            "the sale of \(day) is past the programme's refund period (\(days) day\(days == 1 ? "" : "s"))"
        }
    }
}
