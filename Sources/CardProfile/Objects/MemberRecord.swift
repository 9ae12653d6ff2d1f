import Crypto

/// The class a card was issued in (object `86` of the member record).
public struct CardClass: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let standard = CardClass(rawValue: 0x01)
    public static let premium = CardClass(rawValue: 0x02)
    public static let staff = CardClass(rawValue: 0x03)
    /// A card personalised with test keys; never accepted by a production programme.
    public static let test = CardClass(rawValue: 0x7F)

    public var description: String {
        switch rawValue {
        case 0x01: "standard"
        case 0x02: "premium"
        case 0x03: "staff"
        case 0x7F: "test"
        default: "class-\(rawValue)"
        }
    }
}

/// The member record (template `71`), signed by the issuer.
///
/// | tag | field | bytes |
/// | --- | --- | --- |
/// | `80` | record version, 1 | 1 |
/// | `81` | programme id | 4 |
/// | `82` | member id, UTF-8 | 1-32 |
/// | `83` | issue date | 4 |
/// | `84` | expiry date (last valid day) | 4 |
/// | `85` | birthday month, day | 2 |
/// | `86` | card class | 1 |
/// | `87` | card public key, uncompressed P-256 | 65 |
/// | `88` | issuer key id | 8 |
/// | `8A` | referrer member id, UTF-8 (optional) | 1-32 |
///
/// A record without `8A` is encoded exactly as before the referrer existed.
public struct MemberRecord: Hashable, Sendable {
    public static let version: UInt8 = 1

    public var programmeID: UInt32
    public var memberID: String
    public var issued: CalendarDate
    public var expires: CalendarDate
    public var birthdayMonth: UInt8
    public var birthdayDay: UInt8
    public var cardClass: CardClass
    /// The card's 65-byte public key (its authentication key).
    public var cardPublicKey: [UInt8]
    /// The key id of the issuer key that signs this record.
    public var issuerKeyID: [UInt8]
    /// The member id of the member who referred this one (`8A`), if any.
    public var referrerID: String?

    public init(
        programmeID: UInt32, memberID: String, issued: CalendarDate, expires: CalendarDate,
        birthdayMonth: UInt8, birthdayDay: UInt8, cardClass: CardClass,
        cardPublicKey: [UInt8], issuerKeyID: [UInt8], referrerID: String? = nil
    ) {
        self.programmeID = programmeID
        self.memberID = memberID
        self.issued = issued
        self.expires = expires
        self.birthdayMonth = birthdayMonth
        self.birthdayDay = birthdayDay
        self.cardClass = cardClass
        self.cardPublicKey = cardPublicKey
        self.issuerKeyID = issuerKeyID
        self.referrerID = referrerID
    }

    /// The key id of the card's public key (binds a points state to this card).
    public var cardKeyID: [UInt8] {
        Array(SHA256.hash(data: cardPublicKey).prefix(MemberCardProfile.keyIDLength))
    }

    /// The template `71` object.
    public var tlv: TLV {
        TLV(
            MemberCardProfile.Tag.recordBody,
            children: [
                TLV(0x80, [Self.version]),
                TLV(0x81, BigEndian.bytes(programmeID)),
                TLV(0x82, Array(memberID.utf8)),
                TLV(0x83, issued.bytes),
                TLV(0x84, expires.bytes),
                TLV(0x85, [birthdayMonth, birthdayDay]),
                TLV(0x86, [cardClass.rawValue]),
                TLV(0x87, cardPublicKey),
                TLV(0x88, issuerKeyID),
            ] + (referrerID.map { [TLV(0x8A, Array($0.utf8))] } ?? []))
    }

    /// Parses the value of template `71`.
    public init(value: [UInt8]) throws(CardProfileError) {
        var r = TLVReader(value)
        guard try r.read(0x80, count: 1) == [Self.version] else { throw .invalidValue(tag: 0x80, reason: "unknown record version") }
        programmeID = BigEndian.value(try r.read(0x81, count: 4))
        let member = try r.read(0x82, length: 1...32)
        guard let id = String(validating: member, as: UTF8.self) else { throw .invalidValue(tag: 0x82, reason: "member id is not UTF-8") }
        memberID = id
        issued = try CalendarDate(bytes: try r.read(0x83, count: 4), tag: 0x83)
        expires = try CalendarDate(bytes: try r.read(0x84, count: 4), tag: 0x84)
        let birthday = try r.read(0x85, count: 2)
        guard (1...12).contains(birthday[0]), (1...31).contains(birthday[1]) else {
            throw .invalidValue(tag: 0x85, reason: "not a birthday")
        }
        birthdayMonth = birthday[0]
        birthdayDay = birthday[1]
        cardClass = CardClass(rawValue: try r.read(0x86, count: 1)[0])
        cardPublicKey = try r.read(0x87, count: MemberCardProfile.publicKeyLength)
        _ = try ProfileKeys.publicKey(cardPublicKey)
        issuerKeyID = try r.read(0x88, count: MemberCardProfile.keyIDLength)
        if let referrer = try r.readOptional(0x8A, length: 1...32) {
            guard let id = String(validating: referrer, as: UTF8.self) else {
                throw .invalidValue(tag: 0x8A, reason: "referrer id is not UTF-8")
            }
            referrerID = id
        } else {
            referrerID = nil
        }
        try r.finish()
    }
}
