/// The points state carried on the card (template `72`), written and signed by a terminal.
///
/// | tag | field | bytes |
/// | --- | --- | --- |
/// | `80` | state version, 1 | 1 |
/// | `81` | card key id (binds the state to one card) | 8 |
/// | `82` | card counter the state belongs to | 4 |
/// | `83` | writing terminal id | 4 |
/// | `84` | writing terminal's sequence number | 8 |
/// | `85` | balance in points, signed | 8 |
/// | `86` | tier id, UTF-8 | 1-16 |
/// | `87` | qualifying spend, minor units | 8 |
/// | `88` | last visit date, or `00000000` for none | 4 |
/// | `89` | engine state, opaque | 0-1024 |
public struct PointsState: Hashable, Sendable {
    public static let version: UInt8 = 1

    public var cardKeyID: [UInt8]
    /// The card counter value returned by the AUTHENTICATE of the session that wrote it.
    public var counter: UInt32
    public var terminalID: UInt32
    public var terminalSequence: UInt64
    public var balance: Int64
    public var tier: String
    public var qualifyingSpend: UInt64
    public var lastVisit: CalendarDate?
    /// The points engine's own encoding of the member state; opaque to the profile.
    public var engineState: [UInt8]

    public init(
        cardKeyID: [UInt8], counter: UInt32, terminalID: UInt32, terminalSequence: UInt64,
        balance: Int64, tier: String, qualifyingSpend: UInt64, lastVisit: CalendarDate?, engineState: [UInt8] = []
    ) {
        self.cardKeyID = cardKeyID
        self.counter = counter
        self.terminalID = terminalID
        self.terminalSequence = terminalSequence
        self.balance = balance
        self.tier = tier
        self.qualifyingSpend = qualifyingSpend
        self.lastVisit = lastVisit
        self.engineState = engineState
    }

    /// The template `72` object.
    /// - Throws: ``CardProfileError/badLength(tag:length:)`` when the tier or engine state is too long.
    public func tlv() throws(CardProfileError) -> TLV {
        let tierBytes = Array(tier.utf8)
        guard (1...16).contains(tierBytes.count) else { throw .badLength(tag: 0x86, length: tierBytes.count) }
        guard engineState.count <= MemberCardProfile.maximumEngineStateLength else {
            throw .badLength(tag: 0x89, length: engineState.count)
        }
        guard cardKeyID.count == MemberCardProfile.keyIDLength else { throw .badLength(tag: 0x81, length: cardKeyID.count) }
        return TLV(
            MemberCardProfile.Tag.stateBody,
            children: [
                TLV(0x80, [Self.version]),
                TLV(0x81, cardKeyID),
                TLV(0x82, BigEndian.bytes(counter)),
                TLV(0x83, BigEndian.bytes(terminalID)),
                TLV(0x84, BigEndian.bytes(terminalSequence)),
                TLV(0x85, BigEndian.bytes(balance)),
                TLV(0x86, tierBytes),
                TLV(0x87, BigEndian.bytes(qualifyingSpend)),
                TLV(0x88, lastVisit?.bytes ?? [0, 0, 0, 0]),
                TLV(0x89, engineState),
            ])
    }

    /// Parses the value of template `72`.
    public init(value: [UInt8]) throws(CardProfileError) {
        var r = TLVReader(value)
        guard try r.read(0x80, count: 1) == [Self.version] else { throw .invalidValue(tag: 0x80, reason: "unknown state version") }
        cardKeyID = try r.read(0x81, count: MemberCardProfile.keyIDLength)
        counter = BigEndian.value(try r.read(0x82, count: 4))
        terminalID = BigEndian.value(try r.read(0x83, count: 4))
        terminalSequence = BigEndian.value(try r.read(0x84, count: 8))
        balance = BigEndian.value(try r.read(0x85, count: 8))
        guard let tier = String(validating: try r.read(0x86, length: 1...16), as: UTF8.self) else {
            throw .invalidValue(tag: 0x86, reason: "tier is not UTF-8")
        }
        self.tier = tier
        qualifyingSpend = BigEndian.value(try r.read(0x87, count: 8))
        let visit = try r.read(0x88, count: 4)
        lastVisit = visit == [0, 0, 0, 0] ? nil : try CalendarDate(bytes: visit, tag: 0x88)
        engineState = try r.read(0x89, length: 0...MemberCardProfile.maximumEngineStateLength)
        try r.finish()
    }
}
