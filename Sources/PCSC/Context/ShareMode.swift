import CPCSCLite

/// How a connection shares the card with other applications (`SCARD_SHARE_*`).
public enum ShareMode: Sendable {
    /// `SCARD_SHARE_SHARED`: other applications may connect too.
    case shared
    /// `SCARD_SHARE_EXCLUSIVE`: no other application may connect while this one is.
    case exclusive
    /// `SCARD_SHARE_DIRECT`: talk to the reader even without a card (for reader commands).
    case direct

    var rawValue: UInt32 {
        switch self {
        case .shared: UInt32(SCARD_SHARE_SHARED)
        case .exclusive: UInt32(SCARD_SHARE_EXCLUSIVE)
        case .direct: UInt32(SCARD_SHARE_DIRECT)
        }
    }
}

/// The transmission protocols a connection accepts (`SCARD_PROTOCOL_*`).
public struct CardProtocols: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `SCARD_PROTOCOL_T0`: character-oriented T=0.
    public static let t0 = CardProtocols(rawValue: UInt32(SCARD_PROTOCOL_T0))
    /// `SCARD_PROTOCOL_T1`: block-oriented T=1 (contactless readers present cards as T=1).
    public static let t1 = CardProtocols(rawValue: UInt32(SCARD_PROTOCOL_T1))
    /// `SCARD_PROTOCOL_RAW`: raw reader access.
    public static let raw = CardProtocols(rawValue: UInt32(SCARD_PROTOCOL_RAW))
    /// T=0 or T=1, whichever the card offers.
    public static let any: CardProtocols = [.t0, .t1]
}

/// What to do with the card when a connection or transaction ends (`SCARD_*_CARD`).
public enum CardDisposition: Sendable {
    /// `SCARD_LEAVE_CARD`: leave it as it is.
    case leave
    /// `SCARD_RESET_CARD`: warm reset, which ends the card's session state.
    case reset
    /// `SCARD_UNPOWER_CARD`: power it down.
    case unpower

    var rawValue: UInt32 {
        switch self {
        case .leave: UInt32(SCARD_LEAVE_CARD)
        case .reset: UInt32(SCARD_RESET_CARD)
        case .unpower: UInt32(SCARD_UNPOWER_CARD)
        }
    }
}
