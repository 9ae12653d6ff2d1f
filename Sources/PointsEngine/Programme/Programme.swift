/// A shop's loyalty programme: every rule the engine applies, as the back
/// office writes it (see `docs/programme.md` for the JSON format).
///
/// A `Programme` is only used after ``validate()`` has passed; the decoding
/// entry points (``Programme/decode(_:)`` and ``SignedProgramme/verify(trustedKeys:)``)
/// validate for you.
public struct Programme: Codable, Hashable, Sendable {
    /// The only format version this engine reads.
    public static let supportedFormat = 1

    /// Format version of the document; must be ``supportedFormat``.
    public var format: Int
    /// Stable identifier of the programme, e.g. `saigon-coffee`.
    public var programmeId: String
    /// Revision of this programme; a terminal only accepts a higher one.
    public var version: Int
    /// Name printed on receipts.
    public var name: String
    /// ISO 4217 code of every amount in the programme and in sales.
    public var currency: String
    /// The shop's offset from UTC, in minutes (Vietnam and Thailand 420, Malaysia 480).
    /// Days, months and years of every rule are local days at this offset.
    public var utcOffsetMinutes: Int
    /// The largest bill the terminal accepts, in minor units. It bounds every
    /// product so that validation can prove that no evaluation overflows.
    public var maximumBill: Int64
    /// Earning by bill value and per visit.
    public var earning: EarningRules
    /// Tier levels by qualifying spend.
    public var tiers: TierRules
    /// Birthday reward; absent means none.
    public var birthday: BirthdayRule?
    /// Referral reward; absent means none.
    public var referral: ReferralRule?
    /// Win-back bonus; absent means none.
    public var winBack: WinBackRule?
    /// Event bonuses the back office may grant.
    public var events: [EventRule]
    /// Points as credit on the bill; absent means no redemption.
    public var redemption: RedemptionRules?
    /// What refunds do to points.
    public var refunds: RefundPolicy
    /// Point expiry; absent means points never expire.
    public var expiry: ExpiryPolicy?
    /// Offline redemption limits per card class.
    public var offline: OfflineLimits
    /// Redemption limits online (absent: none).
    public var online: OnlineLimits?
    /// What needs a manager's approval at the till, and the reversal window; absent means the
    /// defaults (``ApprovalRules/init()``), and is encoded absent.
    public var approvals: ApprovalRules?

    public init(
        format: Int = Programme.supportedFormat, programmeId: String, version: Int, name: String,
        currency: String, utcOffsetMinutes: Int, maximumBill: Int64, earning: EarningRules,
        tiers: TierRules, birthday: BirthdayRule? = nil, referral: ReferralRule? = nil,
        winBack: WinBackRule? = nil, events: [EventRule] = [], redemption: RedemptionRules? = nil,
        refunds: RefundPolicy = RefundPolicy(), expiry: ExpiryPolicy? = nil,
        offline: OfflineLimits = OfflineLimits(), online: OnlineLimits? = nil, approvals: ApprovalRules? = nil
    ) {
        self.format = format
        self.programmeId = programmeId
        self.version = version
        self.name = name
        self.currency = currency
        self.utcOffsetMinutes = utcOffsetMinutes
        self.maximumBill = maximumBill
        self.earning = earning
        self.tiers = tiers
        self.birthday = birthday
        self.referral = referral
        self.winBack = winBack
        self.events = events
        self.redemption = redemption
        self.refunds = refunds
        self.expiry = expiry
        self.offline = offline
        self.online = online
        self.approvals = approvals
    }

    /// The programme's currency. Only call on a validated programme.
    public var currencyInfo: Currency {
        guard let currency = Currency(code: currency) else {
            preconditionFailure("programme \(programmeId) was not validated: unknown currency \(currency)")
        }
        return currency
    }

    /// The tier level with this id, if any.
    public func tier(id: String) -> TierLevel? {
        tiers.levels.first { $0.id == id }
    }

    /// The event rule for a grant kind, if any.
    public func event(kind: String) -> EventRule? {
        events.first { $0.kind == kind }
    }
}
