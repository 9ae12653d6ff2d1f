/// What the shop collected when it enrolled a member at the till (`docs/ledger-format.md`,
/// *Enrolment*). The back office keeps it apart from the ledger, so it can be exported or erased.
public struct EnrolmentDetails: Codable, Hashable, Sendable {
    /// The terminal's enrolment number: the member id is `E<terminal>-<number>`.
    public var number: UInt32
    /// Normalised (``PhoneNumber``).
    public var phone: String
    public var birthdayMonth: Int
    public var birthdayDay: Int
    /// `vi`, `ms`, `th` or `en`.
    public var language: String
    /// The consents given, by code (`programme` always among them).
    public var consents: [String]
    /// The member who referred this one, if any.
    public var referrer: String?

    public init(
        number: UInt32, phone: String, birthdayMonth: Int, birthdayDay: Int, language: String, consents: [String], referrer: String?
    ) {
        self.number = number
        self.phone = phone
        self.birthdayMonth = birthdayMonth
        self.birthdayDay = birthdayDay
        self.language = language
        self.consents = consents
        self.referrer = referrer
    }

    /// The languages a member may prefer.
    public static let languages: Set<String> = ["vi", "ms", "th", "en"]
    /// The consents a shop may collect; `programme` (the programme's terms) is required.
    public static let consentCodes: Set<String> = ["programme", "marketing-sms", "marketing-email", "profiling"]
}
