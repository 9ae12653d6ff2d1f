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
    /// Transactions read, and those left out: voided, or payloads that are not ledger entries
    /// (the journal scan's; 0 in figures from the overview projection).
    public var transactionsRead: Int
    public var voided: Int
    public var foreign: Int
}

/// What the retention figures are computed from: the customers of the period and the one
/// before it, the period's purchases and their net amount.
public struct RetentionCounts: Sendable, Equatable {
    /// S, E, and the members who bought in both periods (E − N).
    public var start: Int
    public var end: Int
    public var retained: Int
    /// Members who bought twice or more in the period.
    public var repeaters: Int
    public var purchases: Int
    public var netSales: Int64

    public init(start: Int, end: Int, retained: Int, repeaters: Int, purchases: Int, netSales: Int64) {
        self.start = start
        self.end = end
        self.retained = retained
        self.repeaters = repeaters
        self.purchases = purchases
        self.netSales = netSales
    }
}

extension RetentionReport {
    /// The figures from their counts (the same arithmetic whoever counted: the journal scan or
    /// the overview projection).
    public init(
        period: RetentionPeriod, counts: RetentionCounts, tierMix: [String: Int], outstandingPoints: Int64, members: Int,
        transactionsRead: Int = 0, voided: Int = 0, foreign: Int = 0
    ) {
        func ratio(_ part: Double, _ whole: Int) -> Double? { whole > 0 ? part / Double(whole) : nil }
        let retention = ratio(Double(counts.retained), counts.start)
        let frequency = ratio(Double(counts.purchases), counts.end)
        let averageOrder = ratio(Double(counts.netSales), counts.purchases)
        let perYear = frequency.map { $0 * 365.25 * 86_400 / Double(period.seconds) }
        var clv: Double?
        if let averageOrder, let perYear, let retention { clv = averageOrder * perYear * retention }
        self.init(
            period: period, customersAtStart: counts.start, customersAtEnd: counts.end, newCustomers: counts.end - counts.retained,
            retentionRate: retention, churnRate: retention.map { 1 - $0 }, repeatCustomerRate: ratio(Double(counts.repeaters), counts.end),
            purchaseFrequency: frequency, averageOrderValue: averageOrder, purchasesPerYear: perYear, customerLifetimeValue: clv,
            purchases: counts.purchases, netSales: counts.netSales, tierMix: tierMix, outstandingPoints: outstandingPoints,
            members: members, transactionsRead: transactionsRead, voided: voided, foreign: foreign)
    }

    /// The same figures without the scan's counts of what it read (the projection reads nothing).
    public var withoutReadCounts: RetentionReport {
        var figures = self
        figures.transactionsRead = 0
        figures.voided = 0
        figures.foreign = 0
        return figures
    }
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
        if transactionsRead > 0 {
            lines.append("transactions read          \(transactionsRead) (\(voided) voided, \(foreign) not ledger entries)")
        }
        return lines.joined(separator: "\n")
    }
}
