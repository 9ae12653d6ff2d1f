import BackOfficeStorage
import LedgerFormat
import PointsEngine

/// What the synced journals say about some cards: each counted transaction (sales, refunds,
/// balances) with the state it left, so that the back office can take over a lost card's state
/// for its replacement, and tell what the card did after it was reported lost.
public struct CardHistory: Sendable {
    /// One transaction of a card.
    public struct Transaction: Sendable, Hashable, Codable {
        public var terminal: UInt32
        public var sequence: UInt64
        public var kind: String
        public var time: Int64
        public var member: String?
        /// Who wrote the state the card held before it.
        public var previous: Write?
        /// The member state it left on the card (compact encoding, base64).
        public var state: String?
        public var balance: Int64?
        public var redeemed: Int64
        public var net: Int64
        /// The points of its `adjustment` lines, part of `net`: adjustments the back office
        /// settled, which this tap applied to the card.
        public var adjustments: Int64
        /// The lost card this one replaced, on a replacement card's first transaction.
        public var replaces: String?
    }

    /// A terminal's transaction.
    public struct Write: Sendable, Hashable, Codable {
        public var terminal: UInt32
        public var sequence: UInt64

        public init(terminal: UInt32, sequence: UInt64) {
            self.terminal = terminal
            self.sequence = sequence
        }
    }

    /// The transactions of each card asked for (voided ones left out), in the order stored.
    public private(set) var transactions: [String: [Transaction]] = [:]
    private var voided: Set<Write> = []
    /// The in-doubt transactions of its terminal each transaction carried forward (its state holds them).
    private var carriedForward: [Write: [UInt64]] = [:]
    private let cards: Set<String>

    /// Keeps the transactions of `cards` (card key ids, upper-case hex).
    public init(cards: Set<String>) { self.cards = cards }

    /// Reads every stored transaction once.
    public static func read(cards: Set<String>, store: any LedgerStore, pageSize: Int = 10_000) async throws -> CardHistory {
        var history = CardHistory(cards: cards)
        try await store.forEachPage(pageSize: pageSize) { page, _ in
            for stored in page { history.add(terminal: stored.terminal, sequence: stored.sequence, payload: stored.payload) }
        }
        history.dropVoided()
        return history
    }

    mutating func add(terminal: UInt32, sequence: UInt64, payload: [UInt8]) {
        guard let entry = LedgerEntry.decode(payload) else { return }
        if entry.kind == .void, let voidedSequence = entry.voided { voided.insert(Write(terminal: terminal, sequence: voidedSequence)) }
        guard [.sale, .refund, .balance].contains(entry.kind), let card = entry.card, cards.contains(card) else { return }
        let points = entry.answer?.points
        if !entry.carriedForward.isEmpty { carriedForward[Write(terminal: terminal, sequence: sequence)] = entry.carriedForward }
        transactions[card, default: []].append(
            Transaction(
                terminal: terminal, sequence: sequence, kind: entry.kind.rawValue, time: entry.time, member: entry.member,
                previous: entry.previousWrite.map { Write(terminal: $0.terminalId, sequence: $0.sequence) },
                state: entry.state, balance: entry.memberState()?.balance, redeemed: points?.redeemed ?? 0, net: points?.net ?? 0,
                adjustments: entry.answer?.lines.filter { $0.rule == .adjustment }.reduce(0) { $0 + $1.points } ?? 0,
                replaces: entry.replaces))
    }

    private mutating func dropVoided() {
        let voided = self.voided
        transactions = transactions.mapValues { $0.filter { !voided.contains(Write(terminal: $0.terminal, sequence: $0.sequence)) } }
    }

    /// The card's latest state: the transaction no other one of the card continues (the newest
    /// such, should the card have forked); `nil` for a card with no transaction.
    public func head(of card: String) -> Transaction? {
        let all = transactions[card] ?? []
        let continued = Set(all.compactMap(\.previous))
        return all.filter { !continued.contains(Write(terminal: $0.terminal, sequence: $0.sequence)) }
            .max { ($0.time, $0.terminal, $0.sequence) < ($1.time, $1.terminal, $1.sequence) }
    }

    /// The card's transactions that `head`'s state does not include: neither it nor one it
    /// continues, written on or carried forward (a tap made offline elsewhere and synced later).
    /// Their net points still count for the member. Nil while a transaction `head` continues is
    /// not synced yet (made offline, its terminal still cut off): what comes before it cannot be
    /// told apart from a late tap until it arrives.
    public func notIncluded(in head: Write?, of card: String) -> [Transaction]? {
        let all = transactions[card] ?? []
        let byWrite = Dictionary(all.map { (Write(terminal: $0.terminal, sequence: $0.sequence), $0) }, uniquingKeysWith: { a, _ in a })
        var included = Set<Write>()
        var next = head.map { [$0] } ?? []
        while let write = next.popLast() {
            guard included.insert(write).inserted else { continue }
            guard let transaction = byWrite[write] else { return nil }
            if let previous = transaction.previous { next.append(previous) }
            // Carried forward by a synced transaction of the same terminal: synced before it.
            next += (carriedForward[write] ?? []).map { Write(terminal: write.terminal, sequence: $0) }
                .filter { byWrite[$0] != nil }
        }
        return all.filter { !included.contains(Write(terminal: $0.terminal, sequence: $0.sequence)) }
    }

    /// The member the card's transactions name.
    public func member(of card: String) -> String? { transactions[card]?.lazy.compactMap(\.member).first }
}
