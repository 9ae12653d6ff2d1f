import CPCSCLite

/// What `pcscd` says of one reader: whether a card is there, its ATR, and who uses it.
public struct ReaderState: Hashable, Sendable {
    public var reader: String
    /// The raw `SCARD_STATE_*` flags (event count in the high 16 bits).
    public var flags: UInt32
    public var atr: [UInt8]

    init(record: ReaderStateRecord) {
        reader = record.reader
        flags = record.eventState
        atr = record.atr
    }

    public init(reader: String, flags: UInt32, atr: [UInt8]) {
        self.reader = reader
        self.flags = flags
        self.atr = atr
    }

    /// A card is in the field (`SCARD_STATE_PRESENT`) and not mute.
    public var isCardPresent: Bool {
        flags & UInt32(SCARD_STATE_PRESENT) != 0 && flags & UInt32(SCARD_STATE_MUTE) == 0
    }

    /// The reader is gone or unusable (`SCARD_STATE_UNKNOWN`/`UNAVAILABLE`).
    public var isUnavailable: Bool {
        flags & UInt32(SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE) != 0
    }

    /// Another application holds the card exclusively (`SCARD_STATE_EXCLUSIVE`).
    public var isExclusivelyUsed: Bool { flags & UInt32(SCARD_STATE_EXCLUSIVE) != 0 }

    /// How many card events the reader has seen, as counted by `pcscd`.
    public var eventCount: UInt16 { UInt16(flags >> 16) }
}
