import CardProfile
import PointsEngine

/// What the terminal puts in the card's opaque engine-state object (tag `89`): the member's
/// engine state, and for each terminal that wrote the card the highest journal sequence it
/// wrote it with.
///
/// ```
/// u8      format, 2
/// u8      flags: bit 0 set when the list names every terminal that ever wrote the card
/// u8      n, terminals that follow
/// n ×     u32 terminal id, u64 its highest journal sequence on this card
///         (big-endian, the most recent writer first)
/// rest    MemberState in its compact encoding
/// ```
///
/// The list lets a terminal prove whether one of its transactions reached the card, however
/// many times other terminals wrote it since (see `docs/checkout.md`, "In doubt"): a terminal
/// writes a card with ever higher sequences, so its transaction reached the card exactly when
/// the card's highest sequence for it is that transaction's or higher. The list keeps as many
/// terminals as fit in the 1024 bytes of tag `89`; when the least recent one has to go, the
/// list is no longer complete, and a terminal missing from it can no longer prove anything.
///
/// Format 1 (cards written before format 2) kept the last four writes instead; it is still
/// read, and the next write turns it into format 2.
public struct CarriedState: Hashable, Sendable {
    /// Format written.
    public static let format: UInt8 = 2
    /// Writes a format-1 state remembered.
    public static let formatOneWrites = 4
    /// Terminals the list names at most (its count is one byte).
    public static let maximumWriters = 255

    /// One write of the card: terminal and journal sequence.
    public struct Write: Hashable, Sendable {
        public var terminalID: UInt32
        public var sequence: UInt64

        public init(terminalID: UInt32, sequence: UInt64) {
            self.terminalID = terminalID
            self.sequence = sequence
        }
    }

    public var member: MemberState
    /// Each terminal that wrote the card, with the highest sequence it wrote it with; the most
    /// recent writer first.
    public private(set) var writers: [Write]
    /// Whether ``writers`` names every terminal that ever wrote the card.
    public private(set) var isComplete: Bool
    /// Format 1 only: the last four writes, newest first (empty for format 2).
    public private(set) var recentWrites: [Write]

    /// A state with the given writers; `isComplete` says whether they are all the card ever had.
    public init(member: MemberState, writers: [Write] = [], isComplete: Bool = true) {
        self.member = member
        self.writers = writers
        self.isComplete = isComplete
        recentWrites = []
    }

    /// The state of a card that holds none yet: no writers, and that list is complete.
    public static func blank(member: MemberState) -> CarriedState { CarriedState(member: member) }

    /// The highest sequence `terminal` wrote the card with, if the list names it.
    public func highestSequence(of terminal: UInt32) -> UInt64? {
        writers.first { $0.terminalID == terminal }?.sequence
    }

    /// Whether the card can tell every write `terminal` made: the list names it, or names every
    /// terminal that ever wrote the card.
    public func knowsEveryWrite(of terminal: UInt32) -> Bool {
        isComplete || highestSequence(of: terminal) != nil
    }

    /// This state after a write by `write`: its terminal becomes the most recent writer (its
    /// highest sequence never goes down), and the least recent writers fall off while the whole
    /// does not fit in tag `89` (the list is then incomplete).
    public func written(by write: Write, member: MemberState) -> CarriedState {
        let highest = max(write.sequence, highestSequence(of: write.terminalID) ?? 0)
        let others = writers.filter { $0.terminalID != write.terminalID }
        let room = (MemberCardProfile.maximumEngineStateLength - 3 - member.compactEncoded().count) / 12
        let kept = max(0, min(Self.maximumWriters, room))
        let all = [Write(terminalID: write.terminalID, sequence: highest)] + others
        return CarriedState(member: member, writers: Array(all.prefix(kept)), isComplete: isComplete && all.count <= kept)
    }

    /// The encoded bytes (format 2).
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [Self.format, isComplete ? 1 : 0, UInt8(writers.count)]
        for write in writers {
            bytes += withUnsafeBytes(of: write.terminalID.bigEndian, Array.init)
            bytes += withUnsafeBytes(of: write.sequence.bigEndian, Array.init)
        }
        return bytes + member.compactEncoded()
    }

    /// Decodes the bytes of tag `89`, format 2 or 1.
    public init(bytes: [UInt8]) throws(CarriedStateError) {
        guard bytes.count >= 2 else { throw .truncated }
        let count: Int
        let listStart: Int
        switch bytes[0] {
        case 2:
            guard bytes.count >= 3 else { throw .truncated }
            guard bytes[1] & ~1 == 0 else { throw .unknownFlags(bytes[1]) }
            count = Int(bytes[2])
            listStart = 3
        case 1:
            count = Int(bytes[1])
            guard count <= Self.formatOneWrites else { throw .truncated }
            listStart = 2
        default:
            throw .unknownFormat
        }
        guard bytes.count >= listStart + 12 * count else { throw .truncated }
        let list = (0..<count).map { index in
            let start = listStart + 12 * index
            return Write(
                terminalID: bytes[start..<(start + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) },
                sequence: bytes[(start + 4)..<(start + 12)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
        do {
            member = try MemberState(compact: Array(bytes[(listStart + 12 * count)...]))
        } catch {
            throw .badMemberState("\(error)")
        }
        if bytes[0] == 2 {
            guard Set(list.map(\.terminalID)).count == list.count else { throw .repeatedWriter }
            writers = list
            isComplete = bytes[1] & 1 == 1
            recentWrites = []
        } else {
            // A terminal's first write in the newest-first list is its latest, hence its
            // highest; fewer than four writes are all the card ever had.
            var seen = Set<UInt32>()
            writers = list.filter { seen.insert($0.terminalID).inserted }
            isComplete = count < Self.formatOneWrites
            recentWrites = list
        }
    }
}

/// Why a card's engine state could not be decoded.
public enum CarriedStateError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownFormat
    case unknownFlags(UInt8)
    case truncated
    case repeatedWriter
    case badMemberState(String)

    public var description: String {
        switch self {
        case .unknownFormat: "engine state of an unknown format"
        case .unknownFlags(let flags): "engine state with unknown flags \(flags)"
        case .truncated: "engine state cut short"
        case .repeatedWriter: "engine state naming a terminal twice"
        case .badMemberState(let why): "member state: \(why)"
        }
    }
}
