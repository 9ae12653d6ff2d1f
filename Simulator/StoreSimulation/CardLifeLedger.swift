/// A lost card's replacement as it happened: what the checks compare the ledger with.
struct CardReplacement: Sendable {
    /// The member-life event that made it.
    var event: Int
    var member: Int
    /// Card key ids (upper-case hex, as the ledger's `card`).
    var lostCard: String
    var newCard: String
    /// The balance `card replace` said the notice carries, and the lost card's transaction
    /// whose state it is (`basedOn`).
    var carried: Int64
    var basedOn: StoreChecks.Pair?
    /// Seconds into the run when the back office issued it.
    var at: Double
}

/// The ledger read for lost cards, replacements and sales without the card: what the lost
/// card did that its replacement's notice does not carry, and every adjustment the back
/// office owes (`docs/sync-protocol.md`, "Lost cards, replacements, adjustments").
struct CardLifeLedger {
    typealias Pair = StoreChecks.Pair
    typealias Entry = StoreChecks.Entry

    let ledger: StoreChecks.SettledLedger
    let replacements: [Int: CardReplacement]

    /// An adjustment the ledger says is due, by its reference.
    struct Due: Equatable {
        var member: String
        var points: Int64
        /// What it settles, in words.
        var what: String
    }

    /// The lost card's counted transactions that the notice's state includes: `basedOn` and
    /// everything it continues (the state it was written on, and the in-doubt transactions of
    /// its terminal it carried forward).
    func included(_ replacement: CardReplacement) -> Set<Pair> {
        var included = Set<Pair>()
        var next = replacement.basedOn.map { [$0] } ?? []
        while let pair = next.popLast() {
            guard included.insert(pair).inserted, let entry = ledger.entries[pair] else { continue }
            if let previous = entry.previousWrite { next.append(previous) }
            next += entry.carriedForward.map { Pair(terminal: pair.terminal, sequence: $0) }
        }
        return included
    }

    /// The points of the adjustments the lost card had applied in the state the notice carries
    /// (its `adjustment` lines up to `basedOn`): a new card that starts as a new member's
    /// applies them again.
    func adjustedBefore(_ replacement: CardReplacement) -> Int64 {
        let included = self.included(replacement)
        return ledger.transactions(ofCard: replacement.lostCard).filter { included.contains($0.0) }
            .reduce(0) { $0 + $1.1.adjustmentPoints }
    }

    /// The lost card's counted transactions its replacement's notice does not include: taps
    /// synced after the replacement was issued (made offline before the block reached their
    /// terminal). Their points reach the member as adjustments.
    func notCarried(_ replacement: CardReplacement) -> [(Pair, Entry)] {
        let included = self.included(replacement)
        return ledger.transactions(ofCard: replacement.lostCard).filter { !included.contains($0.0) }
    }

    /// Every adjustment the ledger says the back office owes, by reference: one per sale without
    /// the card and per lost card's tap not carried (`T<terminal>-<sequence>`, their net points;
    /// a tap's less the adjustments it applied),
    /// and the carried balance of a replacement first used where its notice had not arrived,
    /// less the adjustments the lost card had applied, which the new card applies again
    /// (`replacement:<card>`). What comes to no points owes nothing.
    func due() -> [String: Due] {
        var due: [String: Due] = [:]
        for (member, list) in ledger.cardless {
            for (pair, entry) in list where entry.net != 0 {
                due["T\(pair.terminal)-\(pair.sequence)"] = Due(
                    member: member, points: entry.net, what: "\(entry.kind) \(entry.requestId ?? "") without the card")
            }
        }
        // The back office pays each referrer once per friend, on the friend's first sale.
        for (pair, entry) in ledger.entries where !ledger.voided.contains(pair) {
            guard let reward = entry.referrerReward, let friend = entry.member, reward.referrer != friend else { continue }
            due["referral:\(friend)"] = Due(member: reward.referrer, points: reward.points, what: "the referral of \(friend)")
        }
        for replacement in replacements.values {
            let member = MemberCards.memberID(replacement.member)
            // Its own points: the adjustments it applied, the new card applies itself.
            for (pair, entry) in notCarried(replacement) where entry.net != entry.adjustmentPoints {
                due["T\(pair.terminal)-\(pair.sequence)"] = Due(
                    member: member, points: entry.net - entry.adjustmentPoints,
                    what: "\(entry.kind) \(entry.requestId ?? "") with the lost card \(replacement.lostCard), not carried")
            }
            let newCard = ledger.transactions(ofCard: replacement.newCard)
            let carried = replacement.carried - adjustedBefore(replacement)
            if !newCard.isEmpty, !newCard.contains(where: { $0.1.replaces == replacement.lostCard }), carried != 0 {
                due["replacement:\(replacement.newCard)"] = Due(
                    member: member, points: carried,
                    what: "the balance carried to \(replacement.newCard), first used where its notice had not arrived")
            }
        }
        return due
    }

    /// The points of `list` that are the card's own doing: all of its lines but the adjustments.
    static func ownPoints(_ list: [(Pair, Entry)]) -> Int64 {
        list.reduce(0) { $0 + $1.1.points - $1.1.adjustmentPoints }
    }
}
