extension StoreChecks {
    /// The members' counted transactions as the back office settles them
    /// (`docs/checkout.md`, "In doubt"): a transaction a `void` entry names does not count; one
    /// its terminal left unresolved does not count either once a confirmed transaction beside it
    /// (continuing the same card state) shows it never reached the card.
    struct SettledLedger {
        let entries: [Pair: Entry]
        /// Named by a `void` entry.
        let voided: Set<Pair>
        /// Left unresolved by their terminal, and settled as never on the card.
        let neverLanded: Set<Pair>
        /// Left unresolved by their terminal, however settled.
        let unresolvedCount: Int
        /// Each member's counted card transactions.
        let counted: [String: [(Pair, Entry)]]
        /// Each member's sales without the card: they change no card, and count once the back
        /// office's adjustment that settles them reaches the card (in its `adjustment` line).
        let cardless: [String: [(Pair, Entry)]]

        init(entries: [Pair: Entry]) {
            self.entries = entries
            let voided = Set(entries.compactMap { pair, entry in entry.voided.map { Pair(terminal: pair.terminal, sequence: $0) } })
            let unresolved = Set(entries.flatMap { pair, entry in entry.unresolved.map { Pair(terminal: pair.terminal, sequence: $0) } })
            let confirmed = Set(entries.flatMap { pair, entry in entry.confirmed.map { Pair(terminal: pair.terminal, sequence: $0) } })
            let all = entries.filter { pair, entry in
                !voided.contains(pair) && entry.kind != "void" && entry.kind != "checkpoint" && entry.member != nil
            }
            let live = all.filter { !$0.value.isCardless }
            let continued = Set(live.values.compactMap(\.previousWrite))
            var siblings: [Sibling: [Pair]] = [:]
            for (pair, entry) in live { siblings[Sibling(member: entry.member, state: entry.previousWrite), default: []].append(pair) }
            let neverLanded = unresolved.filter { pair in
                guard let entry = live[pair], !continued.contains(pair) else { return false }
                return siblings[Sibling(member: entry.member, state: entry.previousWrite), default: []].contains { other in
                    other != pair && (continued.contains(other) || confirmed.contains(other))
                }
            }
            var counted: [String: [(Pair, Entry)]] = [:]
            for (pair, entry) in live where !neverLanded.contains(pair) {
                if let member = entry.member { counted[member, default: []].append((pair, entry)) }
            }
            var cardless: [String: [(Pair, Entry)]] = [:]
            for (pair, entry) in all where entry.isCardless {
                if let member = entry.member { cardless[member, default: []].append((pair, entry)) }
            }
            self.cardless = cardless.mapValues { $0.sorted { $0.0 < $1.0 } }
            self.voided = voided
            self.neverLanded = neverLanded
            unresolvedCount = unresolved.count
            self.counted = counted
        }

        /// The transactions that continue the same card state, for one member.
        private struct Sibling: Hashable {
            var member: String?
            var state: Pair?
        }

        /// What keeps the member's counted transactions from forming one chain, in plain words.
        func chainProblems(of member: String) -> [String] {
            chainProblems(counted[member] ?? [], member: member) { $0.member == member }
        }

        /// The counted transactions of one card (its key id): the chain a replaced member's
        /// lost card, or its replacement, wrote.
        func transactions(ofCard card: String) -> [(Pair, Entry)] {
            counted.values.flatMap { $0.filter { $0.1.card == card } }.sorted { $0.0 < $1.0 }
        }

        /// What keeps one card's counted transactions from forming one chain, in plain words.
        func chainProblems(ofCard card: String) -> [String] {
            chainProblems(transactions(ofCard: card), member: card) { $0.card == card }
        }

        /// The card's latest counted transaction: the one no other continues.
        func tip(ofCard card: String) -> (Pair, Entry)? {
            let tips = self.tips(of: transactions(ofCard: card))
            return tips.count == 1 ? tips.first : nil
        }

        private func chainProblems(_ list: [(Pair, Entry)], member: String, owns: (Entry) -> Bool) -> [String] {
            if member.hasPrefix("uid:") {
                // A UID-only card holds nothing: its chain is its terminal's journal, in order.
                let terminals = Set(list.map(\.0.terminal))
                return terminals.count > 1
                    ? ["a UID-only card used at \(terminals.count) terminals: its points are split between their journals"] : []
            }
            let continuers = Dictionary(grouping: list.compactMap { pair, entry in entry.previousWrite.map { ($0, pair) } }, by: \.0)
            var problems: [String] = []
            for (pair, entry) in entries where voided.contains(pair) && owns(entry) && entry.kind != "void" {
                guard let later = continuers[pair]?.first?.1 else { continue }
                problems.append(
                    "\(describe(pair)) was voided by its terminal, but the card's later state continues it "
                        + "(terminal \(later.terminal) #\(later.sequence) wrote over it): its \(entry.points) points are missing from the ledger"
                )
            }
            guard problems.isEmpty else { return problems }
            let tips = self.tips(of: list)
            if tips.count > 1 {
                problems.append(
                    "the card's history splits: " + tips.map { describe($0.0) }.joined(separator: " and ")
                        + " each end it; a transaction that never reached the card still counts (in doubt, or left unresolved at "
                        + "its terminal and not settled), or one state of the card was used twice")
            } else if tips.isEmpty, !list.isEmpty {
                problems.append("the card's transactions continue one another in a loop: no state is the card's latest")
            }
            return problems
        }

        /// The member's latest counted transaction: the one no other continues (for a UID-only
        /// card, the last in its terminal's journal).
        func tip(of member: String) -> Entry? {
            if member.hasPrefix("uid:") { return counted[member]?.max { $0.0 < $1.0 }?.1 }
            let tips = self.tips(of: counted[member] ?? [])
            return tips.count == 1 ? tips.first?.1 : nil
        }

        private func tips(of list: [(Pair, Entry)]) -> [(Pair, Entry)] {
            let continued = Set(list.compactMap { $0.1.previousWrite })
            let carried = Set(list.flatMap { pair, entry in entry.carriedForward.map { Pair(terminal: pair.terminal, sequence: $0) } })
            return list.filter { pair, _ in !continued.contains(pair) && !carried.contains(pair) }.sorted { $0.0 < $1.0 }
        }

        /// `terminal 101 #17725 (sale S-17725, +411 points)`.
        func describe(_ pair: Pair) -> String {
            guard let entry = entries[pair] else { return "terminal \(pair.terminal) #\(pair.sequence)" }
            let points = entry.points >= 0 ? "+\(entry.points)" : "\(entry.points)"
            return "terminal \(pair.terminal) #\(pair.sequence) (\(entry.kind) \(entry.requestId ?? "without an id"), \(points) points)"
        }
    }
}

extension StoreChecks.Pair: Comparable {
    static func < (a: Self, b: Self) -> Bool { (a.terminal, a.sequence) < (b.terminal, b.sequence) }
}
