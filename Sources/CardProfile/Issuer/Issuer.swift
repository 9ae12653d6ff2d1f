import Crypto

/// The issuer's tooling: an issuer key pair, card personalisation, terminal enrolment.
///
/// Keys made by ``generateTestIssuer(programmeID:)`` are test keys: the cards they
/// personalise are in class ``CardClass/test``, and nothing else should ever trust them.
public struct Issuer: Sendable {
    public let programmeID: UInt32
    public let privateKey: P256.Signing.PrivateKey
    /// True for a throw-away test issuer.
    public let isTest: Bool

    public var publicKey: P256.Signing.PublicKey { privateKey.publicKey }
    public var keyID: [UInt8] { ProfileKeys.keyID(of: publicKey) }

    public init(programmeID: UInt32, privateKey: P256.Signing.PrivateKey, isTest: Bool) {
        self.programmeID = programmeID
        self.privateKey = privateKey
        self.isTest = isTest
    }

    /// A fresh issuer key pair marked as a TEST key.
    public static func generateTestIssuer(programmeID: UInt32) -> Issuer {
        Issuer(programmeID: programmeID, privateKey: P256.Signing.PrivateKey(), isTest: true)
    }

    /// What the issuer writes about a member.
    public struct Member: Sendable {
        public var memberID: String
        public var issued: CalendarDate
        public var expires: CalendarDate
        public var birthdayMonth: UInt8
        public var birthdayDay: UInt8
        public var cardClass: CardClass
        /// The member who referred this one (member record tag `8A`), if any: 1-32 bytes of UTF-8.
        public var referrer: String?

        public init(
            memberID: String, issued: CalendarDate, expires: CalendarDate, birthdayMonth: UInt8, birthdayDay: UInt8,
            cardClass: CardClass = .standard, referrer: String? = nil
        ) {
            self.memberID = memberID
            self.issued = issued
            self.expires = expires
            self.birthdayMonth = birthdayMonth
            self.birthdayDay = birthdayDay
            self.cardClass = cardClass
            self.referrer = referrer
        }
    }

    /// Signs the member record for `cardKey`. A test issuer always signs class ``CardClass/test``.
    public func signRecord(for member: Member, cardKey: P256.Signing.PublicKey) -> SignedMemberRecord {
        let record = MemberRecord(
            programmeID: programmeID, memberID: member.memberID, issued: member.issued, expires: member.expires,
            birthdayMonth: member.birthdayMonth, birthdayDay: member.birthdayDay,
            cardClass: isTest ? .test : member.cardClass,
            cardPublicKey: ProfileKeys.bytes(of: cardKey), issuerKeyID: keyID, referrerID: member.referrer
        )
        return SignedMemberRecord(record: record, issuerKey: privateKey)
    }

    /// Personalises a new card: a fresh card key pair, the signed record, counters at zero.
    public func personalise(_ member: Member, uid: [UInt8]) -> CardImage {
        let cardKey = P256.Signing.PrivateKey()
        return CardImage(
            cardPrivateKey: Array(cardKey.rawRepresentation), uid: uid, record: signRecord(for: member, cardKey: cardKey.publicKey))
    }

    /// Enrols a terminal: a fresh terminal key pair and its certificate.
    public func enrolTerminal(id: UInt32) -> TerminalCredential {
        let key = P256.Signing.PrivateKey()
        return TerminalCredential(
            privateKey: key,
            certificate: TerminalCertificate(programmeID: programmeID, terminalID: id, terminalKey: key.publicKey, issuerKey: privateKey)
        )
    }
}

/// A terminal's signing key and the issuer's certificate for it.
public struct TerminalCredential: Sendable {
    public let privateKey: P256.Signing.PrivateKey
    public let certificate: TerminalCertificate

    public init(privateKey: P256.Signing.PrivateKey, certificate: TerminalCertificate) {
        self.privateKey = privateKey
        self.certificate = certificate
    }

    public var terminalID: UInt32 { certificate.terminalID }
}
