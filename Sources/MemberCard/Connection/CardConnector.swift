import PCSC

/// Where the checkout finds the member's card: a PC/SC reader (``PCSCCardConnector``), or a
/// card in memory in unit tests.
public protocol CardConnector: Sendable {
    /// Waits until a card is on the reader (at most `timeout`) and connects to it.
    /// - Throws: ``CardWaitError``.
    func connect(timeout: Duration) async throws(CardWaitError) -> any CardSession
    /// The reader and whether a card is on it, for health reports.
    func presence() async -> ReaderPresence
}

/// A connected card: commands go through ``CardChannel/transmit(_:)``; ``end()`` lets it go.
public protocol CardSession: CardChannel {
    /// The reader the card is on, as `pcscd` names it (its profile is matched on it); nil when
    /// unknown.
    var readerName: String? { get }
    /// Sends `command` to the reader itself (`SCardControl` under `code`, a vendor's escape) and
    /// returns its answer. Throws when the reader cannot take it.
    func control(_ code: UInt32, _ command: [UInt8]) async throws -> [UInt8]
    /// Ends the session (the card stays powered for the next one).
    func end() async
}

extension CardSession {
    public var readerName: String? { nil }

    /// A session with no reader behind it to control: refused with
    /// ``PCSC/SCardError/unsupportedFeature``.
    public func control(_ code: UInt32, _ command: [UInt8]) async throws -> [UInt8] {
        throw SCardError.unsupportedFeature
    }
}

/// The reader and the card on it.
public struct ReaderPresence: Codable, Hashable, Sendable {
    public var reader: String?
    public var readerPresent: Bool
    public var cardPresent: Bool

    public init(reader: String?, readerPresent: Bool, cardPresent: Bool) {
        self.reader = reader
        self.readerPresent = readerPresent
        self.cardPresent = cardPresent
    }
}

/// Why no card session could be had.
public enum CardWaitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nobody tapped in time.
    case timedOut
    /// The wait was cancelled.
    case cancelled
    /// The reader is missing.
    case readerUnavailable(String)
    /// The card service (`pcscd`) is not running or went away: no card can be read until it
    /// is back (the connector then reconnects by itself).
    case serviceUnavailable(String)
    /// The card left while connecting.
    case cardRemoved

    public var description: String {
        switch self {
        case .timedOut: "no card was presented in time"
        case .cancelled: "the wait for a card was cancelled"
        case .readerUnavailable(let why): "reader unavailable: \(why)"
        case .serviceUnavailable(let why): "the card service (pcscd) is not running: \(why)"
        case .cardRemoved: "the card left the reader while connecting"
        }
    }
}
