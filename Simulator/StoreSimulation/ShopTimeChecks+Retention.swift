import Foundation
import LedgerFormat

extension ShopTimeChecks {
    /// The calendar months the run's span touches, as `(first day, last day)` in local time.
    static func months(of shopTime: ShopTime) -> [(first: String, last: String)] {
        let last = shopTime.localDay(shopTime.midnight(ofDay: shopTime.days)).month
        return sequence(first: shopTime.localDay(shopTime.midnight(ofDay: 1)).month) { $0.adding(months: 1) }
            .prefix { $0 <= last }
            .map { ($0.firstDay.description, $0.adding(months: 1).firstDay.adding(days: -1).description) }
    }

    /// The retention figures of each month (`docs/backoffice.md`, "Retention figures") computed
    /// here from the pulled ledger, against the back office's report of the same month.
    func monthlyRetention() -> StoreChecks.Check {
        let voided = Set(
            entries.values.compactMap { entry in
                entry.kind == .void ? entry.voided.map { StoreChecks.Pair(terminal: entry.terminalId, sequence: $0) } : nil
            })
        let live = entries.filter { !voided.contains($0.key) && $0.value.kind != .void && $0.value.member != nil }
        var failures: [String] = []
        for month in retention {
            guard let first = ShopTime.day(month.first), let last = ShopTime.day(month.last) else { continue }
            let (from, lastMidnight) = (shopTime.midnight(of: first), shopTime.midnight(of: last))
            let figures = MonthFigures(entries: live, from: from, to: lastMidnight + 86_400)
            let office = month.json
            func compare(_ name: String, _ mine: Int64, _ theirs: Any?) {
                let value = (theirs as? Int).map(Int64.init) ?? (theirs as? Int64)
                if value != mine {
                    failures.append("\(month.first): \(name) \(mine) from the ledger, \(value.map(String.init) ?? "none") in the report")
                }
            }
            compare("customers at start", Int64(figures.before.count), office["customersAtStart"])
            compare("customers at end", Int64(figures.purchases.count), office["customersAtEnd"])
            compare("new customers", Int64(figures.purchases.keys.filter { !figures.before.contains($0) }.count), office["newCustomers"])
            compare("purchases", Int64(figures.purchases.values.reduce(0, +)), office["purchases"])
            compare("net sales", figures.netSales, office["netSales"])
            compare("outstanding points", figures.latest.values.reduce(0) { $0 + $1.balance }, office["outstandingPoints"])
            compare("members", Int64(figures.latest.count), office["members"])
            var mix: [String: Int] = [:]
            for state in figures.latest.values { mix[state.tier, default: 0] += 1 }
            if mix != (office["tierMix"] as? [String: Int] ?? [:]) {
                failures.append(
                    "\(month.first): tier mix \(mix.sorted { $0.key < $1.key }) from the ledger, \(office["tierMix"] ?? "none") in the report"
                )
            }
            let repeaters = figures.purchases.values.filter { $0 >= 2 }.count
            if let rate = office["repeatCustomerRate"] as? Double, figures.purchases.count > 0,
                abs(rate - Double(repeaters) / Double(figures.purchases.count)) > 1e-9
            {
                failures.append(
                    "\(month.first): repeat customer rate \(repeaters)/\(figures.purchases.count) from the ledger, \(rate) in the report")
            }
        }
        return StoreChecks.Check(
            name: "the back office's retention figures of each month equal those recomputed from the ledger", passed: failures.isEmpty,
            detail: "\(retention.count) months compared (customers at start and end, new, purchases, net sales, repeat rate, tier mix, "
                + "outstanding points)",
            failures: Array(failures.prefix(20)))
    }

}

/// A month's figures from the ledger: who bought before it (in the period of the same length
/// just before), who bought in it and how often, the net sales of its purchases, and every
/// member's latest state at its end.
private struct MonthFigures {
    var before: Set<String> = []
    var purchases: [String: Int] = [:]
    var netSales: Int64 = 0
    var latest: [String: (order: (Int64, UInt32, UInt64), balance: Int64, tier: String)] = [:]

    init(entries: [StoreChecks.Pair: LedgerEntry], from: Int64, to: Int64) {
        let length = to - from
        var sales: [String: Int64] = [:]
        var refunded: [String: Int64] = [:]
        for (pair, entry) in entries where entry.time < to {
            let member = entry.member!
            if let state = entry.memberState() {
                let order = (entry.time, pair.terminal, pair.sequence)
                if latest[member].map({ $0.order < order }) ?? true { latest[member] = (order, state.balance, state.tierId) }
            }
            if entry.kind == .sale, entry.time >= from - length {
                if entry.time < from {
                    before.insert(member)
                } else {
                    purchases[member, default: 0] += 1
                    let id = entry.saleRecord?.saleId ?? entry.requestId ?? ""
                    sales[member + "/" + id] = entry.saleRecord?.amount ?? entry.sale?.amount ?? 0
                }
            } else if entry.kind == .refund, let record = entry.saleRecord {
                let key = member + "/" + (entry.refundedSaleId ?? record.saleId)
                refunded[key] = max(refunded[key] ?? 0, record.refundedAmount)
            }
        }
        netSales = sales.reduce(0) { $0 + max(0, $1.value - (refunded[$1.key] ?? 0)) }
    }
}
