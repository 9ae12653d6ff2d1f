import Crypto

/// Everything a member card keeps: its key, UID, signed record, counters and stored state.
///
/// Encoded as template `E0` (the card-image file of the simulator; a real card keeps the
/// same data in its secure memory):
/// `E0 { 80 version 1, 81 card private key (32), 82 UID (0-10), [E1 signed record],
///       83 counter (4), 84 state counter (4), [E2 state envelope] }`
///
/// A **blank** card (made at manufacture, ``blank(uid:)``) has no `E1`, both counters at zero
/// and no `E2`: PERSONALISE gives it its record once.
public struct CardImage: Hashable, Sendable {
    public static let version: UInt8 = 1

    /// The card's P-256 private key (raw 32 bytes); never leaves the card.
    public var cardPrivateKey: [UInt8]
    public var uid: [UInt8]
    /// The signed record; `nil` while the card is blank.
    public var record: SignedMemberRecord?
    /// The counter: incremented and stored by every AUTHENTICATE before it answers.
    public var counter: UInt32
    /// The counter value of the session that wrote the stored state (0 before the first write).
    public var stateCounter: UInt32
    /// The stored `E2` object, exactly as written.
    public var envelope: [UInt8]?

    public init(
        cardPrivateKey: [UInt8], uid: [UInt8], record: SignedMemberRecord?, counter: UInt32 = 0, stateCounter: UInt32 = 0,
        envelope: [UInt8]? = nil
    ) {
        self.cardPrivateKey = cardPrivateKey
        self.uid = uid
        self.record = record
        self.counter = counter
        self.stateCounter = stateCounter
        self.envelope = envelope
    }

    /// A blank card as made at manufacture: a fresh card key pair and `uid`, no record, counters at zero.
    public static func blank(uid: [UInt8]) -> CardImage {
        CardImage(cardPrivateKey: Array(P256.Signing.PrivateKey().rawRepresentation), uid: uid, record: nil)
    }

    /// True while the card has no record.
    public var isBlank: Bool { record == nil }

    /// The card's signing key.
    public func signingKey() throws(CardProfileError) -> P256.Signing.PrivateKey {
        do { return try P256.Signing.PrivateKey(rawRepresentation: cardPrivateKey) } catch { throw .invalidKey("card private key") }
    }

    /// The card's 65-byte public key (what a blank card shows in its FCI).
    public func publicKey() throws(CardProfileError) -> [UInt8] {
        ProfileKeys.bytes(of: try signingKey().publicKey)
    }

    /// The encoded image.
    public var bytes: [UInt8] {
        let children =
            [
                TLV(0x80, [Self.version]),
                TLV(0x81, cardPrivateKey),
                TLV(0x82, uid),
            ] + (record.map { [$0.tlv] } ?? []) + [
                TLV(0x83, BigEndian.bytes(counter)),
                TLV(0x84, BigEndian.bytes(stateCounter)),
            ]
        return TLV(0xE0, children.flatMap(\.encoded) + (envelope ?? [])).encoded
    }

    /// Parses an encoded image. A blank image with a counter, or a state, is malformed.
    public init(bytes: [UInt8]) throws(CardProfileError) {
        var r = TLVReader(try TLVReader.single(0xE0, in: bytes, length: 1...TLV.maximumValueLength))
        guard try r.read(0x80, count: 1) == [Self.version] else { throw .invalidValue(tag: 0x80, reason: "unknown image version") }
        cardPrivateKey = try r.read(0x81, count: 32)
        uid = try r.read(0x82, length: 0...10)
        record = try r.readOptional(MemberCardProfile.Tag.signedRecord, length: 1...1024).map { (value) throws(CardProfileError) in
            try SignedMemberRecord(value: value)
        }
        counter = BigEndian.value(try r.read(0x83, count: 4))
        stateCounter = BigEndian.value(try r.read(0x84, count: 4))
        if let value = try r.readOptional(MemberCardProfile.Tag.stateEnvelope, length: 1...MemberCardProfile.maximumEnvelopeLength) {
            envelope = TLV(MemberCardProfile.Tag.stateEnvelope, value).encoded
        } else {
            envelope = nil
        }
        try r.finish()
        if record == nil, counter != 0 || stateCounter != 0 || envelope != nil {
            throw .invalidValue(tag: 0x83, reason: "a blank card has counters at zero and no state")
        }
        _ = try signingKey()
    }
}
