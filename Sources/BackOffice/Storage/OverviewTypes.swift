/// What one stored transaction changes in the overview projection (``OverviewStore``). Times are
/// the entry's (seconds since the epoch, the terminal's clock); `position` is the journal's.
public enum OverviewChange: Sendable, Equatable {
    /// A purchase by a member; `saleId` nil when the entry names none (counted, not summed).
    case sale(OverviewSale)
    /// A refund or a reversal of a member's sale: the sale's refunded amount it records.
    case refund(OverviewRefund)
    /// The member's card state after a transaction made with the card.
    case state(OverviewState)
    /// A `void` entry: the transaction of the same terminal it voids counts for nothing.
    case void(terminal: UInt32, sequence: UInt64, position: Int64)
    /// A customer's survey answer at the till.
    case survey(OverviewSurvey)
}

/// A survey answer journaled at a till: counted for the terminal's store.
public struct OverviewSurvey: Sendable, Equatable {
    public var source: OverviewSource
    public var time: Int64
    public var score: Int
    public var comment: String

    public init(source: OverviewSource, time: Int64, score: Int, comment: String) {
        self.source = source
        self.time = time
        self.score = score
        self.comment = comment
    }
}

/// A survey answer imported from the shop's survey tool.
public struct ImportedSurvey: Sendable, Equatable {
    /// What identifies the answer, the same whenever the same file is imported again.
    public var digest: String
    public var store: String
    /// Noon of the answer's day in the shops' local time, seconds since the epoch.
    public var time: Int64
    public var score: Int
    public var comment: String

    public init(digest: String, store: String, time: Int64, score: Int, comment: String) {
        self.digest = digest
        self.store = store
        self.time = time
        self.score = score
        self.comment = comment
    }
}

/// How many answers of one store, on one local day, gave one score.
public struct SurveyCount: Sendable, Equatable {
    public var store: String
    /// Days since 1970-01-01 in the shops' local time.
    public var day: Int
    public var score: Int
    public var answers: Int

    public init(store: String, day: Int, score: Int, answers: Int) {
        self.store = store
        self.day = day
        self.score = score
        self.answers = answers
    }
}

/// Where a projected row came from: the journal's terminal, sequence and position.
public struct OverviewSource: Sendable, Equatable {
    public var terminal: UInt32
    public var sequence: UInt64
    public var position: Int64

    public init(terminal: UInt32, sequence: UInt64, position: Int64) {
        self.terminal = terminal
        self.sequence = sequence
        self.position = position
    }
}

/// A member's purchase.
public struct OverviewSale: Sendable, Equatable {
    public var source: OverviewSource
    public var member: String
    public var time: Int64
    public var saleId: String?
    /// The sale's amount (minor units).
    public var amount: Int64
    /// Points the sale earned (bill and bonus) and redeemed.
    public var earned: Int64
    public var redeemed: Int64

    public init(source: OverviewSource, member: String, time: Int64, saleId: String?, amount: Int64, earned: Int64, redeemed: Int64) {
        self.source = source
        self.member = member
        self.time = time
        self.saleId = saleId
        self.amount = amount
        self.earned = earned
        self.redeemed = redeemed
    }
}

/// A refund (the sale's refunded amount becomes at least `refunded`) or a reversal (it becomes
/// `refunded`), applied in journal order.
public struct OverviewRefund: Sendable, Equatable {
    public var source: OverviewSource
    public var member: String
    public var saleId: String
    public var time: Int64
    public var isReversal: Bool
    public var refunded: Int64

    public init(source: OverviewSource, member: String, saleId: String, time: Int64, isReversal: Bool, refunded: Int64) {
        self.source = source
        self.member = member
        self.saleId = saleId
        self.time = time
        self.isReversal = isReversal
        self.refunded = refunded
    }
}

/// A member's card state after a transaction: balance and tier. The newest by (time, terminal,
/// sequence) before a moment is the member's state then.
public struct OverviewState: Sendable, Equatable {
    public var source: OverviewSource
    public var member: String
    public var time: Int64
    public var balance: Int64
    public var tier: String

    public init(source: OverviewSource, member: String, time: Int64, balance: Int64, tier: String) {
        self.source = source
        self.member = member
        self.time = time
        self.balance = balance
        self.tier = tier
    }
}

/// Which transactions a figure counts: those of one store's terminals, or all.
public struct OverviewScope: Sendable, Equatable, Hashable {
    /// The store's name; nil for every store.
    public var store: String?

    public init(store: String? = nil) { self.store = store }

    public static let all = OverviewScope()
}

/// The customers of a period and the one before it (same length).
public struct OverviewCustomers: Sendable, Equatable {
    /// Members who bought in the period before (S), in the period (E), in both.
    public var before: Int
    public var during: Int
    public var both: Int
    /// Members who bought twice or more in the period.
    public var repeaters: Int
    /// Purchases in the period.
    public var purchases: Int

    public init(before: Int, during: Int, both: Int, repeaters: Int, purchases: Int) {
        self.before = before
        self.during = during
        self.both = both
        self.repeaters = repeaters
        self.purchases = purchases
    }
}

/// Members holding a tier at a moment, and the points they hold.
public struct OverviewHolding: Sendable, Equatable {
    public var tier: String
    public var members: Int
    public var points: Int64

    public init(tier: String, members: Int, points: Int64) {
        self.tier = tier
        self.members = members
        self.points = points
    }
}

/// One local day's activity.
public struct OverviewDay: Sendable, Equatable, Codable {
    /// Days since 1970-01-01 in the shops' local time.
    public var day: Int
    public var purchases: Int
    public var customers: Int
    public var pointsEarned: Int64
    public var pointsRedeemed: Int64

    public init(day: Int, purchases: Int, customers: Int, pointsEarned: Int64, pointsRedeemed: Int64) {
        self.day = day
        self.purchases = purchases
        self.customers = customers
        self.pointsEarned = pointsEarned
        self.pointsRedeemed = pointsRedeemed
    }
}
