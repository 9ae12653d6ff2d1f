/// The card chain check of the synced journals (`docs/backoffice.md`, "Copied and rolled-back
/// cards"): every member card's states must form one chain, each state continued at most once.
/// A state continued by two branches is an anomaly.
public struct CardChainReport: Sendable, Equatable, Codable {
    /// Member cards with at least one counted transaction.
    public var cardsChecked: Int
    /// Stored transactions read (all of them, entries or not).
    public var transactionsRead: Int
    /// What was found, by card, then by the state concerned.
    public var anomalies: [CardChainAnomaly]
    /// The transactions terminals left unresolved, as the chain settles them.
    public var unresolved: UnresolvedSettlement

    public init(cardsChecked: Int, transactionsRead: Int, anomalies: [CardChainAnomaly], unresolved: UnresolvedSettlement = .init()) {
        self.cardsChecked = cardsChecked
        self.transactionsRead = transactionsRead
        self.anomalies = anomalies
        self.unresolved = unresolved
    }

    /// The anomalies of one kind.
    public func anomalies(_ kind: CardChainAnomaly.Kind) -> [CardChainAnomaly] {
        anomalies.filter { $0.kind == kind }
    }
}

/// Transactions that a terminal left unresolved (its card could not tell whether they reached
/// it), as the synced chain settles them.
public struct UnresolvedSettlement: Sendable, Equatable, Codable {
    /// Their branch is confirmed: they reached the card and count.
    public var landed = 0
    /// Another branch continuing the same state is confirmed: they never reached the card and
    /// do not count.
    public var neverLanded = 0
    /// Nothing synced settles them yet: they count meanwhile.
    public var open = 0

    public init(landed: Int = 0, neverLanded: Int = 0, open: Int = 0) {
        self.landed = landed
        self.neverLanded = neverLanded
        self.open = open
    }
}

/// Something the chain check found on one card.
public struct CardChainAnomaly: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// At least two branches' card writes are confirmed: the card was copied (its image
        /// used at two terminals) or rolled back (an older state restored on it).
        case copiedOrRolledBack = "copied-or-rolled-back"
        /// Fewer than two branches are confirmed: an in-doubt transaction that may still be
        /// voided at the card's next tap on its terminal (then the fork disappears).
        case unsettled
        /// A transaction its terminal voided, whose state a later transaction continues: it
        /// reached the card, and its points are missing from the ledger (one branch, the
        /// voided transaction; ``CardChainAnomaly/continuedBy`` names who continued it).
        case voidedButOnCard = "voided-but-on-card"
        /// A transaction its terminal left unresolved, which nothing synced settles after the
        /// set time (its branch, beside the others continuing the same state).
        case unresolved
    }

    public var kind: Kind
    /// The card's key id, hex.
    public var card: String
    /// The member id of the card's record (from the branches' first transaction).
    public var member: String?
    /// The state every branch continues: the transaction that wrote it (nil: the card's first
    /// state, as personalised).
    public var continues: CardWrite?
    /// By their first transaction (terminal, then sequence): two or more for a fork.
    public var branches: [CardChainBranch]
    /// For `voided-but-on-card`: the counted transactions that continue the voided one's state.
    public var continuedBy: [CardChainTransaction]?

    public init(
        kind: Kind, card: String, member: String?, continues: CardWrite?, branches: [CardChainBranch],
        continuedBy: [CardChainTransaction]? = nil
    ) {
        self.kind = kind
        self.card = card
        self.member = member
        self.continues = continues
        self.branches = branches
        self.continuedBy = continuedBy
    }
}

/// The writer of a card state: terminal and journal sequence.
public struct CardWrite: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var terminal: UInt32
    public var sequence: UInt64

    public init(terminal: UInt32, sequence: UInt64) {
        self.terminal = terminal
        self.sequence = sequence
    }

    public static func < (a: CardWrite, b: CardWrite) -> Bool { (a.terminal, a.sequence) < (b.terminal, b.sequence) }

    public var description: String { "terminal \(terminal) #\(sequence)" }
}

/// One continuation of a state: a transaction, with the in-doubt transactions of the same
/// terminal it carried forward (they name the same state but are one branch).
public struct CardChainBranch: Sendable, Equatable, Codable {
    /// Whether the branch's card write is confirmed: a later entry of its terminal lists it in
    /// `confirmed`, or a counted transaction continues it.
    public var confirmed: Bool
    /// By sequence.
    public var transactions: [CardChainTransaction]

    public init(confirmed: Bool, transactions: [CardChainTransaction]) {
        self.confirmed = confirmed
        self.transactions = transactions
    }
}

/// A transaction of a branch.
public struct CardChainTransaction: Sendable, Equatable, Codable {
    public var terminal: UInt32
    public var sequence: UInt64
    /// The terminal's clock, seconds since the Unix epoch.
    public var time: Int64
    /// The sale or refund id (absent for balance enquiries without one).
    public var requestId: String?

    public init(terminal: UInt32, sequence: UInt64, time: Int64, requestId: String?) {
        self.terminal = terminal
        self.sequence = sequence
        self.time = time
        self.requestId = requestId
    }
}
