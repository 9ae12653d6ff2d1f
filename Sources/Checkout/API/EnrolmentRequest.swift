import LedgerFormat

/// An enrolment at the till: what the shop collects, then the cashier taps a blank card, which
/// the terminal personalises for a new member (`docs/checkout.md`, "Enrolment at the till").
public struct EnrolmentRequest: Codable, Hashable, Sendable {
    /// The POS's identifier of this enrolment (same rules as a sale id). Sending it again gives
    /// the same answer, or finishes an enrolment whose card left too early.
    public var enrolmentId: String
    public var phone: String
    public var birthdayMonth: Int
    public var birthdayDay: Int
    /// `vi`, `ms`, `th` or `en`.
    public var language: String
    /// The consents given (``EnrolmentDetails/consentCodes``); `programme` is required.
    public var consents: [String]
    /// The member id of the member who referred this one.
    public var referrer: String?
    /// Seconds to wait for the tap; the terminal's default when `nil`.
    public var waitSeconds: Int?

    public init(
        enrolmentId: String, phone: String, birthdayMonth: Int, birthdayDay: Int, language: String, consents: [String],
        referrer: String? = nil, waitSeconds: Int? = nil
    ) {
        self.enrolmentId = enrolmentId
        self.phone = phone
        self.birthdayMonth = birthdayMonth
        self.birthdayDay = birthdayDay
        self.language = language
        self.consents = consents
        self.referrer = referrer
        self.waitSeconds = waitSeconds
    }

    /// Days in each month (February with the 29th, a leap-year birthday).
    static let daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    /// Every problem of the request's fields.
    var problems: [FieldProblem] {
        var problems = RequestRules.identifierProblems(enrolmentId, field: "enrolmentId")
        if PhoneNumber.normalised(phone) == nil {
            problems.append(FieldProblem("phone", "must be a phone number: 6 to 15 digits, an optional leading +"))
        }
        if !(1...12).contains(birthdayMonth) {
            problems.append(FieldProblem("birthday.month", "must be from 1 to 12"))
        } else if !(1...Self.daysInMonth[birthdayMonth - 1]).contains(birthdayDay) {
            problems.append(FieldProblem("birthday.day", "must be a day of month \(birthdayMonth)"))
        }
        if !EnrolmentDetails.languages.contains(language) {
            problems.append(FieldProblem("language", "must be one of \(EnrolmentDetails.languages.sorted().joined(separator: ", "))"))
        }
        if !consents.contains("programme") {
            problems.append(FieldProblem("consents", "must include programme: the member's agreement to the programme's terms"))
        }
        for consent in consents where !EnrolmentDetails.consentCodes.contains(consent) {
            problems.append(
                FieldProblem("consents", "\(consent) is not a consent (\(EnrolmentDetails.consentCodes.sorted().joined(separator: ", ")))"))
        }
        if Set(consents).count != consents.count { problems.append(FieldProblem("consents", "lists a consent twice")) }
        if let referrer, !(1...32).contains(referrer.utf8.count) || referrer.contains(where: \.isNewline) {
            problems.append(FieldProblem("referrer", "must be a member id of 1 to 32 bytes"))
        }
        return problems
    }
}
