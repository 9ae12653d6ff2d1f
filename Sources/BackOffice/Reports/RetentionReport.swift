import Foundation
import PointsEngine

/// The retention figures of a period, from the synced journals (`docs/backoffice.md`,
/// "Retention figures", gives each formula). Rates are fractions (0.25 is 25 %); a rate whose
/// denominator is zero is nil.
public struct RetentionReport: Sendable, Equatable, Codable {
    public var period: RetentionPeriod
    /// S: members who bought in the period before.
    public var customersAtStart: Int
    /// E: members who bought in the period.
    public var customersAtEnd: Int
    /// N: members who bought in the period and not in the one before.
    public var newCustomers: Int
    /// (E − N) / S: the share of the period before's customers who bought again.
    public var retentionRate: Double?
    /// Customers of the period before who did not buy in this one, over S (1 − retention).
    public var churnRate: Double?
    /// Members with two or more purchases in the period, over E.
    public var repeatCustomerRate: Double?
    /// Purchases in the period over E.
    public var purchaseFrequency: Double?
    /// Net amount of the period's purchases (refunds taken off) over their number, minor units.
    public var averageOrderValue: Double?
    /// Purchase frequency scaled to a year (365.25 days).
    public var purchasesPerYear: Double?
    /// Average order value × purchases per year × retention rate, minor units.
    public var customerLifetimeValue: Double?
    /// Purchases (sales) in the period, and their net amount.
    public var purchases: Int
    public var netSales: Int64
    /// Members known at the end of the period (any transaction before it ended), by tier id.
    public var tierMix: [String: Int]
    /// The points members hold at the end of the period: the sum of each member's latest balance.
    public var outstandingPoints: Int64
    /// Members known at the end of the period.
    public var members: Int
    /// Transactions read, and those left out: voided, or payloads that are not ledger entries.
    public var transactionsRead: Int
    public var voided: Int
    public var foreign: Int
}

extension RetentionReport {
    /// The report as lines for people, money in `currency` as its country writes it.
    public func text(currency: Currency) -> String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.1f %%", $0 * 100) } ?? "n/a" }
        func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "n/a" }
        func money(_ value: Double?) -> String { value.map { currency.display($0) } ?? "n/a" }
        var lines = [
            "customers at start (S)     \(customersAtStart)",
            "customers at end (E)       \(customersAtEnd)",
            "new customers (N)          \(newCustomers)",
            "retention rate (E-N)/S     \(percent(retentionRate))",
            "churn rate                 \(percent(churnRate))",
            "repeat customer rate       \(percent(repeatCustomerRate))",
            "purchase frequency         \(number(purchaseFrequency)) purchases per customer",
            "purchases, net sales       \(purchases), \(currency.display(netSales))",
            "average order value        \(money(averageOrderValue))",
            "purchases per year         \(number(purchasesPerYear))",
            "customer lifetime value    \(money(customerLifetimeValue))",
            "members, outstanding pts   \(members), \(outstandingPoints)",
        ]
        lines.append(
            "tier mix                   " + tierMix.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        lines.append("transactions read          \(transactionsRead) (\(voided) voided, \(foreign) not ledger entries)")
        return lines.joined(separator: "\n")
    }
}
