/// Something that happened to the readers, as ``ReaderMonitor`` reports it.
public enum ReaderEvent: Hashable, Sendable {
    /// A reader appeared (also reported for every reader present when monitoring starts).
    case readerAdded(String)
    /// A reader was unplugged.
    case readerRemoved(String)
    /// A card came into the reader's field; its ATR.
    case cardInserted(reader: String, atr: [UInt8])
    /// The card left the reader's field.
    case cardRemoved(reader: String)
    /// `pcscd` is not reachable (stopped, restarting, not installed); the monitor keeps trying.
    case serviceUnavailable(SCardError)
    /// `pcscd` answers again after ``serviceUnavailable(_:)``; reader events follow.
    case serviceRestored
}

extension ReaderEvent: CustomStringConvertible {
    public var description: String {
        switch self {
        case .readerAdded(let name): "reader added: \(name)"
        case .readerRemoved(let name): "reader removed: \(name)"
        case .cardInserted(let reader, let atr): "card inserted in \(reader), ATR \(Hex.encode(atr))"
        case .cardRemoved(let reader): "card removed from \(reader)"
        case .serviceUnavailable(let error): "pcscd unavailable: \(error.cName)"
        case .serviceRestored: "pcscd available again"
        }
    }
}
