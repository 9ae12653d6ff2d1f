import PointsEngine

/// The state of a member known by a UID-only card (the card carries none), and the journal
/// transaction it comes from: the terminal's own, or another's that the back office holds.
public struct UIDState: Codable, Hashable, Sendable, Comparable {
    public var state: MemberState
    /// Seconds since the epoch (the writing terminal's clock).
    public var time: Int64
    public var terminal: UInt32
    public var sequence: UInt64

    public init(state: MemberState, time: Int64, terminal: UInt32, sequence: UInt64) {
        self.state = state
        self.time = time
        self.terminal = terminal
        self.sequence = sequence
    }

    /// Older: of one terminal, the lower sequence (its clock may have been set back); of two,
    /// the earlier time, then the lower terminal id and sequence.
    public static func < (a: Self, b: Self) -> Bool {
        if a.terminal == b.terminal { return a.sequence < b.sequence }
        return (a.time, a.terminal, a.sequence) < (b.time, b.terminal, b.sequence)
    }
}
