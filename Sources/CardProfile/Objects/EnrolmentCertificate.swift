import Crypto

/// The issuer's permission for one terminal to enrol members offline: the terminal's enrolment
/// key and the bounds of what it may sign (template `E4`: `76` body, `9E` issuer signature over
/// the exact `76` bytes).
///
/// | tag in `76` | field | bytes |
/// | --- | --- | --- |
/// | `80` | certificate version, 1 | 1 |
/// | `81` | programme id | 4 |
/// | `82` | terminal id | 4 |
/// | `83` | enrolment public key, uncompressed P-256 | 65 |
/// | `84` | highest enrolment number the key may sign | 4 |
/// | `85` | first day it may enrol on | 4 |
/// | `86` | last day it may enrol on | 4 |
/// | `87` | card class it may sign (standard; test under a test issuer) | 1 |
/// | `88` | issuer key id | 8 |
public struct EnrolmentCertificate: Hashable, Sendable {
    public static let version: UInt8 = 1

    public var programmeID: UInt32
    public var terminalID: UInt32
    /// The 65-byte enrolment public key: the key that signs the records this terminal enrols.
    public var enrolmentPublicKey: [UInt8]
    /// The highest enrolment number the key may sign (numbers run from 1).
    public var highestEnrolment: UInt32
    /// The first day a record it signs may be issued on.
    public var firstDay: CalendarDate
    /// The last day a record it signs may be issued on.
    public var lastDay: CalendarDate
    /// The only card class the records it signs may have.
    public var cardClass: CardClass
    public var issuerKeyID: [UInt8]
    /// The exact `76` bytes signed.
    public var signedBytes: [UInt8]
    public var signature: [UInt8]

    /// What the issuer allows a terminal's enrolment key.
    public struct Terms: Hashable, Sendable {
        public var terminalID: UInt32
        public var highestEnrolment: UInt32
        public var firstDay: CalendarDate
        public var lastDay: CalendarDate

        public init(terminalID: UInt32, highestEnrolment: UInt32, firstDay: CalendarDate, lastDay: CalendarDate) {
            self.terminalID = terminalID
            self.highestEnrolment = highestEnrolment
            self.firstDay = firstDay
            self.lastDay = lastDay
        }
    }

    /// Issues a certificate for `enrolmentKey` under `terms`, signed with `issuerKey`.
    public init(
        programmeID: UInt32, terms: Terms, cardClass: CardClass, enrolmentKey: P256.Signing.PublicKey, issuerKey: P256.Signing.PrivateKey
    ) {
        self.programmeID = programmeID
        terminalID = terms.terminalID
        enrolmentPublicKey = ProfileKeys.bytes(of: enrolmentKey)
        highestEnrolment = terms.highestEnrolment
        firstDay = terms.firstDay
        lastDay = terms.lastDay
        self.cardClass = cardClass
        issuerKeyID = ProfileKeys.keyID(of: issuerKey.publicKey)
        signedBytes =
            TLV(
                MemberCardProfile.Tag.enrolmentCertificateBody,
                children: [
                    TLV(0x80, [Self.version]),
                    TLV(0x81, BigEndian.bytes(programmeID)),
                    TLV(0x82, BigEndian.bytes(terminalID)),
                    TLV(0x83, enrolmentPublicKey),
                    TLV(0x84, BigEndian.bytes(highestEnrolment)),
                    TLV(0x85, firstDay.bytes),
                    TLV(0x86, lastDay.bytes),
                    TLV(0x87, [cardClass.rawValue]),
                    TLV(0x88, issuerKeyID),
                ]
            ).encoded
        signature = ProfileKeys.sign(signedBytes, with: issuerKey)
    }

    /// The template `E4` object.
    public var tlv: TLV {
        TLV(MemberCardProfile.Tag.enrolmentCertificate, signedBytes + TLV(MemberCardProfile.Tag.issuerSignature, signature).encoded)
    }

    /// Parses the value of template `E4` (the signature is not checked here). A certificate
    /// whose last day is before its first, or that allows no enrolment number, is malformed.
    public init(value: [UInt8]) throws(CardProfileError) {
        var outer = TLVReader(value)
        let body = try outer.read(MemberCardProfile.Tag.enrolmentCertificateBody, length: 1...255)
        signature = try outer.read(MemberCardProfile.Tag.issuerSignature, count: MemberCardProfile.signatureLength)
        try outer.finish()
        signedBytes = TLV(MemberCardProfile.Tag.enrolmentCertificateBody, body).encoded
        var r = TLVReader(body)
        guard try r.read(0x80, count: 1) == [Self.version] else { throw .invalidValue(tag: 0x80, reason: "unknown certificate version") }
        programmeID = BigEndian.value(try r.read(0x81, count: 4))
        terminalID = BigEndian.value(try r.read(0x82, count: 4))
        enrolmentPublicKey = try r.read(0x83, count: MemberCardProfile.publicKeyLength)
        _ = try ProfileKeys.publicKey(enrolmentPublicKey)
        highestEnrolment = BigEndian.value(try r.read(0x84, count: 4))
        guard highestEnrolment > 0 else { throw .invalidValue(tag: 0x84, reason: "allows no enrolment") }
        firstDay = try CalendarDate(bytes: try r.read(0x85, count: 4), tag: 0x85)
        lastDay = try CalendarDate(bytes: try r.read(0x86, count: 4), tag: 0x86)
        guard firstDay <= lastDay else { throw .invalidValue(tag: 0x86, reason: "last day before the first") }
        cardClass = CardClass(rawValue: try r.read(0x87, count: 1)[0])
        issuerKeyID = try r.read(0x88, count: MemberCardProfile.keyIDLength)
        try r.finish()
    }

    /// Parses a whole encoded `E4` object.
    public init(encoded: [UInt8]) throws(CardProfileError) {
        try self.init(value: TLVReader.single(MemberCardProfile.Tag.enrolmentCertificate, in: encoded, length: 1...400))
    }

    /// The key id of the enrolment key: what the `88` of a record it signs holds.
    public var enrolmentKeyID: [UInt8] {
        Array(SHA256.hash(data: enrolmentPublicKey).prefix(MemberCardProfile.keyIDLength))
    }

    /// True when the issuer key signed exactly these certificate bytes.
    public func isSigned(by issuer: P256.Signing.PublicKey) -> Bool {
        ProfileKeys.verify(signature, of: signedBytes, by: issuer)
    }
}
