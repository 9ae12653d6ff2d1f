/// The card chain check of the synced journals (`docs/backoffice.md`, "Copied and rolled-back
/// cards"): every member card's states must form one chain, each state continued at most once.
/// A state continued by two branches is an anomaly.
public struct CardChainReport: Sendable, Equatable, Codable {
    /// Member cards with at least one counted transaction.
    public var cardsChecked: Int
    /// Stored transactions read (all of them, entries or not).
    public var transactionsRead: Int
    /// The forks found, by card, then by the state they continue.
    public var anomalies: [CardChainAnomaly]

    public init(cardsChecked: Int, transactionsRead: Int, anomalies: [CardChainAnomaly]) {
        self.cardsChecked = cardsChecked
        self.transactionsRead = transactionsRead
        self.anomalies = anomalies
    }

    /// The anomalies of one kind.
    public func anomalies(_ kind: CardChainAnomaly.Kind) -> [CardChainAnomaly] {
        anomalies.filter { $0.kind == kind }
    }
}

/// One card state continued by two or more branches.
public struct CardChainAnomaly: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// At least two branches' card writes are confirmed: the card was copied (its image
        /// used at two terminals) or rolled back (an older state restored on it).
        case copiedOrRolledBack = "copied-or-rolled-back"
        /// Fewer than two branches are confirmed: an in-doubt transaction that may still be
        /// voided at the card's next tap on its terminal (then the fork disappears).
        case unsettled
    }

    public var kind: Kind
    /// The card's key id, hex.
    public var card: String
    /// The member id of the card's record (from the branches' first transaction).
    public var member: String?
    /// The state every branch continues: the transaction that wrote it (nil: the card's first
    /// state, as personalised).
    public var continues: CardWrite?
    /// Two or more, by their first transaction (terminal, then sequence).
    public var branches: [CardChainBranch]

    public init(kind: Kind, card: String, member: String?, continues: CardWrite?, branches: [CardChainBranch]) {
        self.kind = kind
        self.card = card
        self.member = member
        self.continues = continues
        self.branches = branches
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
