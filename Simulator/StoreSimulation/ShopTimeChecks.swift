import Foundation
import LedgerFormat
import PointsEngine

/// The checks of a run over shop time, recomputed from the ledger the back office holds: the
/// points that expired and the tiers members hold against the programme's rules, every rule of
/// the programme seen firing, and the back office's retention figures of each month against the
/// same figures computed here from the same ledger.
struct ShopTimeChecks {
    let shopTime: ShopTime
    /// The programme versions of the run, by version, with the moment each came into force.
    let programmes: [(from: Int64, programme: Programme)]
    /// The ledger, by terminal and sequence.
    let entries: [StoreChecks.Pair: LedgerEntry]
    /// The member transactions that count (`StoreChecks.SettledLedger`).
    let counted: Set<StoreChecks.Pair>
    /// `loyalty-backoffice report retention --format json` of each month, by its first day.
    let retention: [(first: String, last: String, json: [String: Any])]
    /// How many times each rule fired in the ledger.
    let tally: RuleTally
    /// Each counted transaction with the card state it was priced on (expiry and tiers read them).
    private let steps: [Step]

    private typealias Step = (pair: StoreChecks.Pair, entry: LedgerEntry, base: MemberState, after: MemberState)

    init(
        shopTime: ShopTime, programmes: [(from: Int64, programme: Programme)], entries: [StoreChecks.Pair: LedgerEntry],
        counted: Set<StoreChecks.Pair>, retention: [(first: String, last: String, json: [String: Any])]
    ) {
        self.shopTime = shopTime
        self.programmes = programmes
        self.entries = entries
        self.counted = counted
        self.retention = retention
        tally = RuleTally(entries: Array(entries.values))
        steps = Self.steps(entries: entries, counted: counted)
    }

    func run() -> [StoreChecks.Check] {
        [expiry(), tiers(), everyRuleFired(), monthlyRetention()]
    }

    // MARK: Expiry and tiers, entry by entry

    /// Each counted transaction with the card state it was priced on: the state of the newest
    /// in-doubt transaction it carries forward, else of the transaction it continues.
    private static func steps(entries: [StoreChecks.Pair: LedgerEntry], counted: Set<StoreChecks.Pair>) -> [Step] {
        // A UID-only card holds nothing: its previous state is its previous transaction at its till.
        var previousAtTill: [StoreChecks.Pair: StoreChecks.Pair] = [:]
        var lastAtTill: [String: StoreChecks.Pair] = [:]
        for pair in counted.sorted() {
            guard let member = entries[pair]?.member, member.hasPrefix("uid:") else { continue }
            let key = "\(pair.terminal) \(member)"
            previousAtTill[pair] = lastAtTill[key]
            lastAtTill[key] = pair
        }
        return counted.sorted().compactMap { pair in
            guard let entry = entries[pair], let after = entry.memberState() else { return nil }
            let basePair: StoreChecks.Pair
            if let newest = entry.carriedForward.last {
                basePair = StoreChecks.Pair(terminal: pair.terminal, sequence: newest)
            } else if let previous = entry.previousWrite {
                basePair = StoreChecks.Pair(terminal: previous.terminalId, sequence: previous.sequence)
            } else if let previous = previousAtTill[pair] {
                basePair = previous
            } else {
                return nil
            }
            guard let base = entries[basePair]?.memberState() else { return nil }
            return (pair, entry, base, after)
        }
    }

    private func programme(at time: Int64) -> Programme? { programmes.last { $0.from <= time }?.programme }

    /// The programme version the entry names as the one it was priced with, else the one in
    /// force at its time.
    private func programme(of entry: LedgerEntry) -> Programme? {
        programmes.first { ProgrammeReference($0.programme) == entry.programme }?.programme ?? programme(at: entry.time)
    }

    private func month(_ time: Int64, _ programme: Programme) -> Month {
        Timestamp(secondsSinceEpoch: time).day(utcOffsetMinutes: programme.utcOffsetMinutes).month
    }

    private func expiry() -> StoreChecks.Check {
        var failures: [String] = []
        var checked = 0
        var expiredTotal: Int64 = 0
        for step in steps {
            guard let programme = programme(of: step.entry) else { continue }
            checked += 1
            let now = month(step.entry.time, programme)
            let due =
                programme.expiry.map { rule in
                    step.base.lots.filter { $0.month.adding(months: rule.months) <= now }.reduce(Int64(0)) { $0 + $1.points }
                } ?? 0
            let expired = -(step.entry.answer?.lines.filter { $0.rule == .expiry }.reduce(Int64(0)) { $0 + $1.points } ?? 0)
            expiredTotal += expired
            if due != expired {
                failures.append(
                    "\(describe(step.pair)) in \(now): \(due) points were due to expire from the card's earlier state, \(expired) expired")
            }
        }
        return StoreChecks.Check(
            name: "expired points recomputed from the ledger", passed: failures.isEmpty,
            detail: "\(checked) transactions checked against the lots of the state they started from; \(expiredTotal) points expired",
            failures: Array(failures.prefix(20)))
    }

    private func tiers() -> StoreChecks.Check {
        var failures: [String] = []
        var checked = 0
        var changes = (up: 0, down: 0)
        for step in steps {
            guard let programme = programme(of: step.entry) else { continue }
            checked += 1
            let levels = programme.tiers.levels
            let now = month(step.entry.time, programme)
            let window = step.after.spend.filter { $0.month > now.adding(months: -programme.tiers.windowMonths) && $0.month <= now }
            let spend = window.reduce(Int64(0)) { $0 + $1.amount }
            let reached = levels.lastIndex { $0.threshold <= spend } ?? 0
            let before = levels.firstIndex { $0.id == step.base.tierId }
            guard let after = levels.firstIndex(where: { $0.id == step.after.tierId }) else {
                failures.append("\(describe(step.pair)): tier \(step.after.tierId) is not in the programme")
                continue
            }
            if after < reached {
                failures.append(
                    "\(describe(step.pair)): spend \(spend) over \(programme.tiers.windowMonths) months reaches \(levels[reached].id), "
                        + "the member holds \(levels[after].id)")
            }
            if let before, after < before {
                changes.down += 1
                if let review = step.base.tierReviewMonth, review > now {
                    failures.append(
                        "\(describe(step.pair)): lowered from \(levels[before].id) to \(levels[after].id) in \(now), before its review in \(review)"
                    )
                }
            } else if let before, after > before {
                changes.up += 1
            }
        }
        return StoreChecks.Check(
            name: "every tier recomputed from the qualifying spend and the review months", passed: failures.isEmpty,
            detail: "\(checked) transactions checked: \(changes.up) upgrades, \(changes.down) tiers lowered at their review",
            failures: Array(failures.prefix(20)))
    }

    private func everyRuleFired() -> StoreChecks.Check {
        let never = tally.neverFired
        return StoreChecks.Check(
            name: "every rule of the programme fired" + (shopTime.requireEveryRule ? "" : " (reported, not required)"),
            passed: never.isEmpty || !shopTime.requireEveryRule,
            detail: tally.counts.map { "\($0.rule) \($0.count)" }.joined(separator: ", "),
            failures: never.map { "never fired: \($0)" })
    }

    private func describe(_ pair: StoreChecks.Pair) -> String {
        let entry = entries[pair]
        return
            "\(entry?.member ?? "?") at terminal \(pair.terminal) #\(pair.sequence) (\(entry?.kind.rawValue ?? "?") \(entry?.requestId ?? ""))"
    }
}
