import PointsEngine

/// What the terminal puts in the card's opaque engine-state object (tag `89`): the member's
/// engine state, and the last few transactions that wrote the card.
///
/// ```
/// u8      format, 1
/// u8      n, writes that follow (at most ``maximumWrites``)
/// n ×     u32 terminal id, u64 journal sequence   (big-endian, newest first)
/// rest    MemberState in its compact encoding
/// ```
///
/// The list of writes lets any terminal tell whether one of its transactions reached the card
/// even after another terminal wrote it since (see `docs/checkout.md`, "in doubt").
public struct CarriedState: Hashable, Sendable {
    /// Current format.
    public static let format: UInt8 = 1
    /// Writes remembered.
    public static let maximumWrites = 4

    /// One transaction that wrote the card.
    public struct Write: Hashable, Sendable {
        public var terminalID: UInt32
        public var sequence: UInt64

        public init(terminalID: UInt32, sequence: UInt64) {
            self.terminalID = terminalID
            self.sequence = sequence
        }
    }

    public var member: MemberState
    /// Newest first.
    public var writes: [Write]

    public init(member: MemberState, writes: [Write] = []) {
        self.member = member
        self.writes = Array(writes.prefix(Self.maximumWrites))
    }

    /// This state after a write by `write`: it becomes the newest, the oldest falls off.
    public func written(by write: Write, member: MemberState) -> CarriedState {
        CarriedState(member: member, writes: [write] + writes)
    }

    /// The encoded bytes.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [Self.format, UInt8(writes.count)]
        for write in writes {
            bytes += withUnsafeBytes(of: write.terminalID.bigEndian, Array.init)
            bytes += withUnsafeBytes(of: write.sequence.bigEndian, Array.init)
        }
        return bytes + member.compactEncoded()
    }

    /// Decodes the bytes of tag `89`.
    public init(bytes: [UInt8]) throws(CarriedStateError) {
        guard bytes.count >= 2, bytes[0] == Self.format else { throw .unknownFormat }
        let count = Int(bytes[1])
        guard count <= Self.maximumWrites, bytes.count >= 2 + 12 * count else { throw .truncated }
        var writes: [Write] = []
        for index in 0..<count {
            let start = 2 + 12 * index
            let terminal = bytes[start..<(start + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let sequence = bytes[(start + 4)..<(start + 12)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            writes.append(Write(terminalID: terminal, sequence: sequence))
        }
        do {
            member = try MemberState(compact: Array(bytes[(2 + 12 * count)...]))
        } catch {
            throw .badMemberState("\(error)")
        }
        self.writes = writes
    }

    /// Whether `write` is among the remembered writes.
    public func contains(_ write: Write) -> Bool { writes.contains(write) }
}

/// Why a card's engine state could not be decoded.
public enum CarriedStateError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownFormat
    case truncated
    case badMemberState(String)

    public var description: String {
        switch self {
        case .unknownFormat: "engine state of an unknown format"
        case .truncated: "engine state cut short"
        case .badMemberState(let why): "member state: \(why)"
        }
    }
}
