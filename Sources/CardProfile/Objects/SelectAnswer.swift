/// The answer to SELECT: the FCI template.
///
/// A personalised card: `6F { 84 AID, A5 { 80 profile version, E1 signed member record, [E2 state envelope] } }`.
/// A blank card: `6F { 84 AID, A5 { 80 profile version, 8B card public key (65) } }`.
public struct SelectAnswer: Hashable, Sendable {
    /// The signed member record; `nil` on a blank card.
    public var record: SignedMemberRecord?
    /// A blank card's 65-byte public key (`8B`); `nil` on a personalised card.
    public var blankCardKey: [UInt8]?
    /// The stored state envelope as exact bytes (the whole `E2` object), when the card has one.
    public var envelopeBytes: [UInt8]?
    /// The parsed envelope.
    public var envelope: StateEnvelope?

    /// The answer of a personalised card.
    public init(record: SignedMemberRecord, envelopeBytes: [UInt8]?) throws(CardProfileError) {
        self.record = record
        blankCardKey = nil
        self.envelopeBytes = envelopeBytes
        envelope = try envelopeBytes.map { bytes throws(CardProfileError) in try StateEnvelope(encoded: bytes) }
    }

    /// The answer of a blank card whose public key is `blankCardKey`.
    public init(blankCardKey: [UInt8]) throws(CardProfileError) {
        _ = try ProfileKeys.publicKey(blankCardKey)
        record = nil
        self.blankCardKey = blankCardKey
        envelopeBytes = nil
        envelope = nil
    }

    /// True for a blank card: no record yet, its public key instead.
    public var isBlank: Bool { record == nil }

    /// The FCI bytes.
    public var bytes: [UInt8] {
        var inner = TLV(MemberCardProfile.Tag.profileVersion, [MemberCardProfile.version]).encoded
        if let record { inner += record.tlv.encoded }
        if let blankCardKey { inner += TLV(MemberCardProfile.Tag.blankCardKey, blankCardKey).encoded }
        if let envelopeBytes { inner += envelopeBytes }
        return TLV(
            MemberCardProfile.Tag.fci,
            children: [
                TLV(MemberCardProfile.Tag.dfName, MemberCardProfile.aid),
                TLV(MemberCardProfile.Tag.proprietary, inner),
            ]
        ).encoded
    }

    /// Parses the FCI bytes.
    public init(bytes: [UInt8]) throws(CardProfileError) {
        let fci = try TLVReader.single(MemberCardProfile.Tag.fci, in: bytes, length: 1...TLV.maximumValueLength)
        var r = TLVReader(fci)
        guard try r.read(MemberCardProfile.Tag.dfName, length: 5...16) == MemberCardProfile.aid else {
            throw .invalidValue(tag: MemberCardProfile.Tag.dfName, reason: "another application")
        }
        let proprietary = try r.read(MemberCardProfile.Tag.proprietary, length: 1...TLV.maximumValueLength)
        try r.finish()
        var p = TLVReader(proprietary)
        guard try p.read(MemberCardProfile.Tag.profileVersion, count: 1) == [MemberCardProfile.version] else {
            throw .invalidValue(tag: MemberCardProfile.Tag.profileVersion, reason: "unknown profile version")
        }
        if let key = try p.readOptional(
            MemberCardProfile.Tag.blankCardKey, length: MemberCardProfile.publicKeyLength...MemberCardProfile.publicKeyLength)
        {
            _ = try ProfileKeys.publicKey(key)
            record = nil
            blankCardKey = key
            envelope = nil
            envelopeBytes = nil
        } else {
            record = try SignedMemberRecord(value: try p.read(MemberCardProfile.Tag.signedRecord, length: 1...1024))
            blankCardKey = nil
            if let value = try p.readOptional(MemberCardProfile.Tag.stateEnvelope, length: 1...MemberCardProfile.maximumEnvelopeLength) {
                envelope = try StateEnvelope(value: value)
                envelopeBytes = TLV(MemberCardProfile.Tag.stateEnvelope, value).encoded
            } else {
                envelope = nil
                envelopeBytes = nil
            }
        }
        try p.finish()
    }
}
