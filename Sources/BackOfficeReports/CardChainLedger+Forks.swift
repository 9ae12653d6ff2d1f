extension CardChainLedger {
    /// A card state continued by some transaction: the card, and the write that made the state
    /// (nil: the card's first state, as personalised).
    private struct ContinuedState: Hashable {
        var card: Int
        var state: CardWrite?
    }

    /// The check over everything added: the counted transactions (not voided) of each card are
    /// grouped by the state they continue (their `previousWrite`); within a group, transactions
    /// of one terminal linked by `carriedForward` are one branch. A group of two or more
    /// branches is a fork. Transactions without a previous write continue the card's first state
    /// (a blank card copied before its first use forks there); a previous write the store does
    /// not hold is grouped like any other (one continuation of it is no fork).
    func report() -> CardChainReport {
        var continued = Set<CardWrite>()
        var groups: [ContinuedState: [CardWrite]] = [:]
        var checked = Set<Int>()
        for (write, link) in links where !voided.contains(write) {
            checked.insert(link.card)
            if let previous = link.previous { continued.insert(previous) }
            groups[ContinuedState(card: link.card, state: link.previous), default: []].append(write)
        }
        var anomalies: [CardChainAnomaly] = []
        for (state, writes) in groups where writes.count > 1 {
            let branches = self.branches(of: writes).map { branch in
                CardChainBranch(
                    confirmed: branch.contains { journaledConfirmations.contains($0) || continued.contains($0) },
                    transactions: branch.map { write in
                        let link = links[write]!
                        return CardChainTransaction(terminal: write.terminal, sequence: write.sequence, time: link.time, requestId: link.requestId)
                    })
            }
            guard branches.count > 1 else { continue }
            let kind: CardChainAnomaly.Kind = branches.filter(\.confirmed).count >= 2 ? .copiedOrRolledBack : .unsettled
            anomalies.append(CardChainAnomaly(
                kind: kind, card: cards[state.card], member: members[state.card], continues: state.state, branches: branches))
        }
        let first = CardWrite(terminal: 0, sequence: 0)
        anomalies.sort { ($0.card, $0.continues ?? first) < ($1.card, $1.continues ?? first) }
        return CardChainReport(cardsChecked: checked.count, transactionsRead: read, anomalies: anomalies)
    }

    /// `writes` (continuing one state) split into branches: a transaction and the ones of its
    /// terminal it carried forward, transitively. Each branch by sequence, branches by their
    /// first write.
    private func branches(of writes: [CardWrite]) -> [[CardWrite]] {
        let members = Set(writes)
        var root: [CardWrite: CardWrite] = Dictionary(uniqueKeysWithValues: writes.map { ($0, $0) })
        func find(_ write: CardWrite) -> CardWrite {
            var current = write
            while let parent = root[current], parent != current { current = parent }
            return current
        }
        for write in writes {
            for carried in links[write]?.carriedForward ?? [] {
                let other = CardWrite(terminal: write.terminal, sequence: carried)
                guard members.contains(other) else { continue }
                let (a, b) = (find(write), find(other))
                if a != b { root[max(a, b)] = min(a, b) }
            }
        }
        let grouped = Dictionary(grouping: writes, by: find)
        return grouped.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}
