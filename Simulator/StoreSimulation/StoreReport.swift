import Foundation

/// The end-of-run report: totals per terminal and in the back office, sync lag over time, the
/// faults and what each caused, tap latency, and the checks.
public struct StoreReport: Sendable, Codable {
    public struct TerminalTotals: Sendable, Codable {
        var terminal: UInt32
        var requests: Int
        var completed: Int
        var incomplete: Int
        var refused: [String: Int]
        var retried: Int
        var journalLastSequence: UInt64
        var storedInBackOffice: Int
        var maximumWaitingRecords: Int
    }

    var scenario: String
    var seed: UInt64
    /// Where the back office kept the ledger, for people (no password).
    public var database: String
    var seconds: Double
    var terminals: [TerminalTotals]
    var backOfficeTransactions: Int
    var lag: [LagSample]
    var faults: [FaultRecord]
    /// What happened that the scenario did not ask for.
    var events: [String]
    /// Seconds from request to answer of completed taps (their last try): p50, p90, p99, max.
    var tapLatency: [String: Double]
    /// The requests that took longest from first try to final answer, with why each was tried again.
    var slowest: [RequestRecord] = []
    var checks: [StoreChecks.Check]
    /// Over shop time: the span played, and how many times each rule of the programme fired.
    var shopTime: ShopTimeSummary?
    /// With ``Scenario/memberLife``: the member events and the sales without the card.
    var memberLife: MemberLifeSummary?
    /// With ``Scenario/refunds``: the refunds at any till.
    var refunds: RefundSummary?

    struct ShopTimeSummary: Sendable, Codable {
        var first: String
        var last: String
        var days: Int
        /// What the back office staff did between the days (programmes and grants published).
        var nights: [String]
        var rules: [RuleCount]
    }

    struct RuleCount: Sendable, Codable {
        var rule: String
        var count: Int
    }

    public var passed: Bool { checks.allSatisfy(\.passed) }

    static func percentiles(_ values: [Double]) -> [String: Double] {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return [:] }
        func at(_ p: Double) -> Double { sorted[max(0, min(sorted.count, Int((p * Double(sorted.count)).rounded(.up))) - 1)] }
        return ["p50": at(0.5), "p90": at(0.9), "p99": at(0.99), "max": sorted.last!]
    }

    /// The report for people.
    public var text: String {
        var lines: [String] = []
        lines.append("STORE REPORT: \(scenario) (seed \(seed)), \(String(format: "%.1f", seconds)) s")
        lines.append("")
        lines.append("terminal  requests  completed  incomplete  retried  journal  in back office  max waiting  refused")
        for t in terminals {
            let refused = t.refused.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append(
                String(
                    format: "%8d  %8d  %9d  %10d  %7d  %7d  %14d  %11d  ", t.terminal, t.requests, t.completed, t.incomplete, t.retried,
                    Int(t.journalLastSequence), t.storedInBackOffice, t.maximumWaitingRecords) + (refused.isEmpty ? "-" : refused))
        }
        lines.append("back office: \(backOfficeTransactions) transactions stored (\(database))")
        lines.append("")
        lines.append(
            "tap latency (completed taps, s): "
                + ["p50", "p90", "p99", "max"].compactMap { key in tapLatency[key].map { "\(key) \(String(format: "%.3f", $0))" } }.joined(
                    separator: ", "))
        if !slowest.isEmpty {
            lines.append(
                "slowest requests: "
                    + slowest.map { request in
                        String(format: "%@ at terminal #%d %.1f s", request.kind, request.terminal + 1, request.seconds)
                            + (request.retriedBecause.isEmpty
                                ? "" : " (tried again after " + request.retriedBecause.joined(separator: ", ") + ")")
                    }.joined(separator: "; "))
        }
        lines.append("")
        lines.append("sync lag (records waiting at each terminal; -: no answer within 3 s):")
        let step = max(1, lag.count / 12)
        for sample in lag.enumerated().filter({ $0.offset % step == 0 || $0.offset == lag.count - 1 }).map(\.element) {
            lines.append(
                String(format: "  %6.1f s  ", sample.at) + sample.waiting.map { $0.map(String.init) ?? "-" }.joined(separator: "  "))
        }
        lines.append("")
        lines.append("faults:")
        if faults.isEmpty { lines.append("  none") }
        for fault in faults {
            lines.append(
                "  #\(fault.number) \(fault.kind) at request \(fault.afterRequests) (\(String(format: "%.1f", fault.at)) s), \(fault.target)"
            )
            for effect in fault.effects { lines.append("      \(effect)") }
        }
        if !events.isEmpty {
            lines.append("")
            lines.append("not in the scenario:")
            for event in events { lines.append("  \(event)") }
        }
        if let memberLife { lines += memberLife.lines }
        if let refunds { lines += refunds.lines }
        if let shopTime {
            lines.append("")
            lines.append("shop time: \(shopTime.days) days, \(shopTime.first) to \(shopTime.last); rules fired:")
            for rule in shopTime.rules { lines.append(String(format: "  %6d  ", rule.count) + rule.rule) }
            let published =
                shopTime.nights.filter { $0.hasPrefix("programme") } + shopTime.nights.filter { !$0.hasPrefix("programme") }.prefix(5)
            for note in published { lines.append("  night: \(note)") }
        }
        lines.append("")
        lines.append("checks:")
        for check in checks {
            lines.append("  \(check.passed ? "PASS" : "FAIL")  \(check.name): \(check.detail)")
            for failure in check.failures { lines.append("        \(failure)") }
        }
        lines.append("")
        lines.append(passed ? "ALL CHECKS PASSED" : "CHECKS FAILED: the store lost, doubled or miscounted something (see above)")
        return lines.joined(separator: "\n")
    }
}
