extension CardChainLedger {
    /// A card state continued by some transaction: the card, and the write that made the state
    /// (nil: the card's first state, as personalised).
    private struct ContinuedState: Hashable {
        var card: Int
        var state: CardWrite?
    }

    /// One continuation of a state: a transaction with the ones of its terminal it carried
    /// forward, and whether its card write is proven.
    private struct Branch {
        var writes: [CardWrite]
        var confirmed: Bool
    }

    /// The check over everything added: the counted transactions (not voided) of each card are
    /// grouped by the state they continue (their `previousWrite`); within a group, transactions
    /// of one terminal linked by `carriedForward` are one branch. A group of two or more
    /// branches is a fork. Transactions without a previous write continue the card's first state
    /// (a blank card copied before its first use forks there); a previous write the store does
    /// not hold is grouped like any other (one continuation of it is no fork).
    ///
    /// Transactions their terminal left unresolved are settled here: a branch that is confirmed
    /// reached the card; one beside a confirmed branch never did and does not count (nor fork);
    /// the others stay open, and one older than `unresolvedLimit` seconds at `now` is reported.
    /// A voided transaction whose state a counted one continues reached the card after all, and
    /// is reported.
    func report(now: Int64, unresolvedLimit: Int64) -> CardChainReport {
        var continuedBy: [CardWrite: [CardWrite]] = [:]
        var groups: [ContinuedState: [CardWrite]] = [:]
        var checked = Set<Int>()
        for (write, link) in links where !voided.contains(write) {
            checked.insert(link.card)
            if let previous = link.previous { continuedBy[previous, default: []].append(write) }
            groups[ContinuedState(card: link.card, state: link.previous), default: []].append(write)
        }
        var anomalies: [CardChainAnomaly] = []
        var settled = UnresolvedSettlement()
        for (state, writes) in groups {
            var branches = self.branches(of: writes).map { branch in
                Branch(writes: branch, confirmed: branch.contains { journaledConfirmations.contains($0) || continuedBy[$0] != nil })
            }
            let confirmedBranches = branches.filter(\.confirmed).count
            branches.removeAll { branch in
                let open = branch.writes.filter { unresolved.contains($0) }
                guard !open.isEmpty else { return false }
                if branch.confirmed {
                    settled.landed += open.count
                    return false
                }
                if confirmedBranches > 0 {
                    settled.neverLanded += open.count
                    return true
                }
                settled.open += open.count
                return false
            }
            for branch in branches where !branch.confirmed {
                guard let oldest = branch.writes.first(where: { unresolved.contains($0) }), let link = links[oldest],
                    now - link.time > unresolvedLimit
                else { continue }
                anomalies.append(anomaly(.unresolved, state: state, branches: branches))
            }
            guard branches.count > 1 else { continue }
            let kind: CardChainAnomaly.Kind = branches.filter(\.confirmed).count >= 2 ? .copiedOrRolledBack : .unsettled
            anomalies.append(anomaly(kind, state: state, branches: branches))
        }
        for write in voided {
            guard let link = links[write], let continuers = continuedBy[write] else { continue }
            var found = anomaly(
                .voidedButOnCard, state: ContinuedState(card: link.card, state: link.previous),
                branches: [Branch(writes: [write], confirmed: true)])
            found.continuedBy = continuers.sorted().map(transaction)
            anomalies.append(found)
        }
        let first = CardWrite(terminal: 0, sequence: 0)
        anomalies.sort { ($0.card, $0.continues ?? first, $0.kind.rawValue) < ($1.card, $1.continues ?? first, $1.kind.rawValue) }
        return CardChainReport(cardsChecked: checked.count, transactionsRead: read, anomalies: anomalies, unresolved: settled)
    }

    private func anomaly(_ kind: CardChainAnomaly.Kind, state: ContinuedState, branches: [Branch]) -> CardChainAnomaly {
        CardChainAnomaly(
            kind: kind, card: cards[state.card], member: members[state.card], continues: state.state,
            branches: branches.map { CardChainBranch(confirmed: $0.confirmed, transactions: $0.writes.map(transaction)) })
    }

    private func transaction(_ write: CardWrite) -> CardChainTransaction {
        let link = links[write]
        return CardChainTransaction(terminal: write.terminal, sequence: write.sequence, time: link?.time ?? 0, requestId: link?.requestId)
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
