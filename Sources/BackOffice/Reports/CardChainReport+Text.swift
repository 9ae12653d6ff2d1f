import Foundation

extension CardChainReport {
    /// A summary line, then one line per anomaly (`loyalty-backoffice report cards`).
    public var text: String {
        let counts = [
            "\(anomalies(.copiedOrRolledBack).count) copied or rolled back",
            "\(anomalies(.unsettled).count) unsettled",
            "\(anomalies(.voidedButOnCard).count) voided but on the card",
            "\(anomalies(.unresolved).count) unresolved too long",
        ]
        var lines = ["\(cardsChecked) cards checked, \(transactionsRead) transactions read: " + counts.joined(separator: ", ")]
        if unresolved != UnresolvedSettlement() {
            lines.append(
                "left unresolved by their terminals: \(unresolved.landed) reached the card, "
                    + "\(unresolved.neverLanded) never did (not counted), \(unresolved.open) not settled yet (counted)")
        }
        lines += anomalies.map(\.text)
        return lines.joined(separator: "\n")
    }
}

extension CardChainAnomaly {
    /// One line in plain words: the kind, the card and member, what was found.
    public var text: String {
        let heading = "\(kind.rawValue): card \(card) member \(member ?? "?"): "
        let state = continues.map { "the state written by \($0)" } ?? "the card's first state"
        switch kind {
        case .voidedButOnCard:
            let voided = branches.first?.transactions.first.map(\.text) ?? "?"
            let later = (continuedBy ?? []).map(\.text).joined(separator: ", ")
            return heading + "\(voided) was voided by its terminal, but \(later) continued the state it wrote: "
                + "it reached the card, and its points are missing from the ledger"
        case .unresolved:
            let open = branches.filter { !$0.confirmed }.map(\.text).joined(separator: "; ")
            return heading + "\(open): left unresolved by its terminal (the card could not tell), and the synced "
                + "journals still do not show whether it reached the card; \(state) is continued by \(branches.count) branch(es)"
        case .copiedOrRolledBack, .unsettled:
            let branchesText = branches.map(\.text).joined(separator: "; ")
            return heading + "\(state) is continued by \(branches.count) branches: \(branchesText)"
        }
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
