import LedgerFormat

/// What the card chain check keeps of the synced transactions, fed one by one in any order
/// (``add(terminal:sequence:payload:)``); ``report()`` then finds the forks.
///
/// Memory: one small record per member-card transaction (its previous write, time, request id
/// and the sequences it carried forward; cards and members are kept once each), plus one entry
/// per voided, unresolved or journaled-confirmed transaction. It grows with the transactions and
/// the cards, not with the payloads' size.
struct CardChainLedger {
    /// One counted-kind transaction of a member card (sale, refund, balance).
    struct Link {
        /// Index into ``cards``.
        var card: Int
        var previous: CardWrite?
        var carriedForward: [UInt64]
        var time: Int64
        var requestId: String?
    }

    /// Member-card transactions by their own write (terminal, sequence), voided ones included.
    private(set) var links: [CardWrite: Link] = [:]
    /// Transactions a `void` entry says do not count.
    private(set) var voided: Set<CardWrite> = []
    /// Transactions a later entry of their own terminal lists in `confirmed`.
    private(set) var journaledConfirmations: Set<CardWrite> = []
    /// Transactions a later entry of their own terminal lists in `unresolved`: counted until
    /// the chain settles them.
    private(set) var unresolved: Set<CardWrite> = []
    /// Card key ids (hex), and the member of each, in the order first seen.
    private(set) var cards: [String] = []
    private(set) var members: [String?] = []
    private var cardIndex: [String: Int] = [:]
    /// Stored transactions read, entries or not.
    private(set) var read = 0

    mutating func add(terminal: UInt32, sequence: UInt64, payload: [UInt8]) {
        read += 1
        guard let entry = LedgerEntry.decode(payload) else { return }
        for confirmed in entry.confirmed {
            journaledConfirmations.insert(CardWrite(terminal: terminal, sequence: confirmed))
        }
        for sequence in entry.unresolved ?? [] {
            unresolved.insert(CardWrite(terminal: terminal, sequence: sequence))
        }
        switch entry.kind {
        case .void:
            if let sequence = entry.voided { voided.insert(CardWrite(terminal: terminal, sequence: sequence)) }
        case .checkpoint, .enrolment, .survey:
            // An enrolment starts the card's chain: its first state continues nothing.
            break
        case .sale, .refund, .balance, .adjustment, .reversal:
            // UID-only cards hold no signed state: there is no chain to check.
            guard let card = entry.card, entry.trust != "uid-only", !card.hasPrefix("uid:") else { return }
            links[CardWrite(terminal: terminal, sequence: sequence)] = Link(
                card: index(of: card, member: entry.member),
                previous: entry.previousWrite.map { CardWrite(terminal: $0.terminalId, sequence: $0.sequence) },
                carriedForward: entry.carriedForward,
                time: entry.time,
                requestId: entry.requestId)
        }
    }

    private mutating func index(of card: String, member: String?) -> Int {
        if let known = cardIndex[card] {
            if members[known] == nil { members[known] = member }
            return known
        }
        cardIndex[card] = cards.count
        cards.append(card)
        members.append(member)
        return cards.count - 1
    }
}
