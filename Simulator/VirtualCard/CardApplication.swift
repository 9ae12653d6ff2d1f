/// The card side of the conversation: what a simulated card answers to each APDU.
///
/// A ``VirtualCardHost`` calls these from its own thread, one at a time.
public protocol CardApplication: Sendable {
    /// The answer-to-reset the reader reports for this card.
    var atr: [UInt8] { get }
    /// The UID a contactless reader reports for this card (its anti-collision identifier, 4, 7
    /// or 10 bytes): the reader answers `FF CA 00 00 Le` with it for every card
    /// (``ContactlessReader``); empty for a card that has none.
    var uid: [UInt8] { get }
    /// The card was powered on or reset: session state (selected application, challenges)
    /// starts afresh; persistent state (counters, stored data) stays.
    func powerOn()
    /// Answers one command APDU with data and the two status bytes.
    func process(_ command: [UInt8]) -> [UInt8]
}

extension CardApplication {
    public func powerOn() {}
    public var uid: [UInt8] { [] }
}

/// Status words used by the simulated cards.
enum CardStatus {
    static let success: [UInt8] = [0x90, 0x00]
    static let wrongLength: [UInt8] = [0x67, 0x00]
    static let wrongP1P2: [UInt8] = [0x6A, 0x86]
    static let functionNotSupported: [UInt8] = [0x6A, 0x81]
    static let insNotSupported: [UInt8] = [0x6D, 0x00]
    static let claNotSupported: [UInt8] = [0x6E, 0x00]
}
