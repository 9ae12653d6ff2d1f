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

    /// Enrols a terminal: a fresh terminal key pair and its certificate; with `enrolment`, also
    /// a fresh enrolment key and its certificate (``certifyEnrolmentKey(_:terms:)``) for
    /// personalising blank cards offline. `enrolment`'s terminal id is `id`'s.
    public func enrolTerminal(id: UInt32, enrolment: EnrolmentCertificate.Terms? = nil) -> TerminalCredential {
        let key = P256.Signing.PrivateKey()
        let enrolmentCredential = enrolment.map { terms in
            var terms = terms
            terms.terminalID = id
            let enrolmentKey = P256.Signing.PrivateKey()
            return EnrolmentCredential(
                privateKey: enrolmentKey, certificate: certifyEnrolmentKey(enrolmentKey.publicKey, terms: terms))
        }
        return TerminalCredential(
            privateKey: key,
            certificate: TerminalCertificate(programmeID: programmeID, terminalID: id, terminalKey: key.publicKey, issuerKey: privateKey),
            enrolment: enrolmentCredential
        )
    }

    /// Certifies a terminal's enrolment key: it may sign member records numbered 1 to
    /// `terms.highestEnrolment`, issued from `terms.firstDay` to `terms.lastDay`, of class
    /// standard (class test under a test issuer, as every card a test issuer signs).
    public func certifyEnrolmentKey(_ key: P256.Signing.PublicKey, terms: EnrolmentCertificate.Terms) -> EnrolmentCertificate {
        EnrolmentCertificate(
            programmeID: programmeID, terms: terms, cardClass: isTest ? .test : .standard, enrolmentKey: key, issuerKey: privateKey)
    }
}

/// A terminal's signing key and the issuer's certificate for it, and its enrolment key when
/// the issuer lets it enrol members.
public struct TerminalCredential: Sendable {
    public let privateKey: P256.Signing.PrivateKey
    public let certificate: TerminalCertificate
    /// The enrolment key and its certificate; `nil` for a terminal that does not enrol members.
    public let enrolment: EnrolmentCredential?

    public init(privateKey: P256.Signing.PrivateKey, certificate: TerminalCertificate, enrolment: EnrolmentCredential? = nil) {
        self.privateKey = privateKey
        self.certificate = certificate
        self.enrolment = enrolment
    }

    public var terminalID: UInt32 { certificate.terminalID }
}
