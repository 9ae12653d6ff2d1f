import Synchronization

/// The card in front of a reader that stays "present" while the simulator hands it one
/// member's card after another: a store's taps without waiting for `pcscd` to notice a
/// removal and an insertion each time (it polls every 400 ms). Each exchange powers the new
/// card on, so it starts its session afresh, as a card brought to the reader does; the
/// terminal selects the application at every tap.
public final class ExchangeableCard: CardApplication {
    public let atr: [UInt8]
    private let current = Mutex<(any CardApplication)?>(nil)

    /// Starts empty: every command is answered "file not found" until a card is handed in.
    public init(atr: [UInt8] = ContactlessATR.iso14443Part4(historicalBytes: Array("LOYALTY".utf8))) {
        self.atr = atr
    }

    /// Hands `card` in (nil: none), powered on.
    public func exchange(for card: (any CardApplication)?) {
        card?.powerOn()
        current.withLock { $0 = card }
    }

    public var uid: [UInt8] { current.withLock { $0 }?.uid ?? [] }

    public func powerOn() {
        current.withLock { $0 }?.powerOn()
    }

    public func process(_ command: [UInt8]) -> [UInt8] {
        guard let card = current.withLock({ $0 }) else { return [0x6A, 0x82] }
        return card.process(command)
    }
}
