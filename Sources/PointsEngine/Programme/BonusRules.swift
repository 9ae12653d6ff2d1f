/// Birthday reward: bonus points, a discount, or both, on the first qualifying
/// sale inside the birthday window, once per birthday (so once a year).
///
/// The window runs from ``daysBefore`` days before to ``daysAfter`` days after
/// the birthday, inclusive. A 29 February birthday falls on 28 February in
/// other years. Windows may straddle New Year; the reward is counted against
/// the year of the birthday it belongs to.
public struct BirthdayRule: Codable, Hashable, Sendable {
    /// Days before the birthday that the window opens, 0...31.
    public var daysBefore: Int
    /// Days after the birthday that the window stays open, 0...31.
    public var daysAfter: Int
    /// Bonus points, not multiplied by tiers.
    public var points: Int64
    /// Discount on the eligible amount, in whole percent, floored to a minor unit.
    /// Applied after the tier discount, on what is left.
    public var discountPercent: Int64

    public init(daysBefore: Int, daysAfter: Int, points: Int64 = 0, discountPercent: Int64 = 0) {
        self.daysBefore = daysBefore
        self.daysAfter = daysAfter
        self.points = points
        self.discountPercent = discountPercent
    }
}

/// Referral reward, paid once, on a referred member's first qualifying sale.
///
/// The referrer is not at the till: the engine reports a
/// ``ReferrerReward`` for the back office, which later grants the points to
/// the referrer as an event of kind `referral` (see ``EventGrant``).
public struct ReferralRule: Codable, Hashable, Sendable {
    /// Points for the referrer, granted through the back office.
    public var referrerPoints: Int64
    /// Welcome points for the referred member on that first sale (may be 0).
    public var refereePoints: Int64

    public init(referrerPoints: Int64, refereePoints: Int64 = 0) {
        self.referrerPoints = referrerPoints
        self.refereePoints = refereePoints
    }
}

/// Win-back bonus for a member whose previous qualifying sale was at least
/// ``afterDays`` days ago. Never given on a member's first sale.
public struct WinBackRule: Codable, Hashable, Sendable {
    /// Minimum days since the last visit, at least 1.
    public var afterDays: Int
    /// Bonus points, not multiplied by tiers.
    public var points: Int64

    public init(afterDays: Int, points: Int64) {
        self.afterDays = afterDays
        self.points = points
    }
}

/// An event bonus the back office may grant (newsletter sign-up, review, share...).
///
/// The kind `referral` is reserved: its points are ``ReferralRule/referrerPoints``.
public struct EventRule: Codable, Hashable, Sendable {
    /// Kind named by grants, e.g. `newsletter`.
    public var kind: String
    /// Name printed on receipts, e.g. `Newsletter sign-up`.
    public var name: String
    /// Points credited per grant.
    public var points: Int64
    /// Whether a member can get this bonus only once ever (e.g. newsletter
    /// sign-up); otherwise once per grant (e.g. each review).
    public var oncePerMember: Bool

    public init(kind: String, name: String, points: Int64, oncePerMember: Bool) {
        self.kind = kind
        self.name = name
        self.points = points
        self.oncePerMember = oncePerMember
    }
}
