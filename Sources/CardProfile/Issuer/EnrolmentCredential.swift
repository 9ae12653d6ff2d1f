import Crypto

/// A terminal's enrolment key and the issuer's certificate for it: what lets the terminal sign
/// the member record of a blank card offline, without the issuer's private key.
public struct EnrolmentCredential: Sendable {
    public let privateKey: P256.Signing.PrivateKey
    public let certificate: EnrolmentCertificate

    public init(privateKey: P256.Signing.PrivateKey, certificate: EnrolmentCertificate) {
        self.privateKey = privateKey
        self.certificate = certificate
    }

    /// What the terminal writes about a member it enrols (the rest comes from the certificate).
    public struct Member: Hashable, Sendable {
        /// The enrolment number, from 1: the member id is `E<terminal id>-<number>`.
        public var number: UInt32
        public var issued: CalendarDate
        public var expires: CalendarDate
        public var birthdayMonth: UInt8
        public var birthdayDay: UInt8
        /// The member who referred this one (`8A`), if any: 1-32 bytes of UTF-8.
        public var referrer: String?

        public init(
            number: UInt32, issued: CalendarDate, expires: CalendarDate, birthdayMonth: UInt8, birthdayDay: UInt8, referrer: String? = nil
        ) {
            self.number = number
            self.issued = issued
            self.expires = expires
            self.birthdayMonth = birthdayMonth
            self.birthdayDay = birthdayDay
            self.referrer = referrer
        }
    }

    /// The member id of enrolment `number` (``EnrolledMemberID``).
    public func memberID(number: UInt32) -> String {
        EnrolledMemberID.make(terminalID: certificate.terminalID, number: number)
    }

    /// The record of `member` for the card whose public key is `cardPublicKey`: the certificate's
    /// programme and card class, `88` the enrolment key's id, signed with the enrolment key and
    /// carrying the certificate. Nothing is checked here against the certificate's bounds: the
    /// terminal verifies the record as every other terminal will before it writes it.
    public func signRecord(for member: Member, cardPublicKey: [UInt8]) -> SignedMemberRecord {
        let record = MemberRecord(
            programmeID: certificate.programmeID, memberID: memberID(number: member.number), issued: member.issued,
            expires: member.expires, birthdayMonth: member.birthdayMonth, birthdayDay: member.birthdayDay,
            cardClass: certificate.cardClass, cardPublicKey: cardPublicKey, issuerKeyID: certificate.enrolmentKeyID,
            referrerID: member.referrer)
        return SignedMemberRecord(record: record, enrolmentKey: privateKey, certificate: certificate)
    }
}
