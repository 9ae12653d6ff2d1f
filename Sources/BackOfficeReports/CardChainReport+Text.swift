import Foundation

extension CardChainReport {
    /// A summary line, then one line per anomaly (`loyalty-backoffice report cards`).
    public var text: String {
        let copies = anomalies(.copiedOrRolledBack).count
        let unsettled = anomalies(.unsettled).count
        var lines = ["\(cardsChecked) cards checked, \(transactionsRead) transactions read: \(copies) copied or rolled back, \(unsettled) unsettled"]
        lines += anomalies.map(\.text)
        return lines.joined(separator: "\n")
    }
}

extension CardChainAnomaly {
    /// One line: the kind, the card and member, the state continued twice, and each branch.
    public var text: String {
        let branchesText = branches.map(\.text).joined(separator: "; ")
        let state = continues.map { "the state written by \($0)" } ?? "the card's first state"
        return "\(kind.rawValue): card \(card) member \(member ?? "?"): \(state) is continued by \(branches.count) branches: \(branchesText)"
    }
}

extension CardChainBranch {
    /// Its transactions, and whether its card write is confirmed.
    var text: String {
        transactions.map(\.text).joined(separator: " + ") + (confirmed ? " (confirmed)" : " (not confirmed)")
    }
}

extension CardChainTransaction {
    /// `terminal 2 #14 at 2026-10-03T09:12:44Z (S-1234)`.
    var text: String {
        let at = Date(timeIntervalSince1970: TimeInterval(time)).formatted(.iso8601)
        return "terminal \(terminal) #\(sequence) at \(at)" + (requestId.map { " (\($0))" } ?? "")
    }
}
