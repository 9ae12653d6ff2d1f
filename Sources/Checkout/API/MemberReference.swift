import LedgerFormat

/// A member named at the till without their card: by the phone given at enrolment, or by the
/// member id (the code a member shows, such as a QR of it). Exactly one of the two.
public struct MemberReference: Codable, Hashable, Sendable {
    public var phone: String?
    public var memberId: String?

    public init(phone: String? = nil, memberId: String? = nil) {
        self.phone = phone
        self.memberId = memberId
    }

    /// Most bytes of a member id.
    public static let maximumMemberIdBytes = 32

    /// The problems of the reference (field names under `member`).
    public var problems: [FieldProblem] {
        switch (phone, memberId) {
        case (nil, nil), (.some, .some):
            return [FieldProblem("member", "must name the member by exactly one of phone or memberId")]
        case (let phone?, nil):
            return PhoneNumber.normalised(phone) == nil
                ? [FieldProblem("member.phone", "must be a phone number: 6 to 15 digits, an optional leading +")] : []
        case (nil, let id?):
            let bytes = id.utf8.count
            return (1...Self.maximumMemberIdBytes).contains(bytes) && !id.contains(where: \.isNewline)
                ? [] : [FieldProblem("member.memberId", "must be 1 to \(Self.maximumMemberIdBytes) bytes on one line")]
        }
    }
}
