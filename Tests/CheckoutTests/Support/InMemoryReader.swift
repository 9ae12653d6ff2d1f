import Checkout
import Foundation
import MemberCard
import PCSC
import VirtualCard

/// A reader in memory for the checkout's unit tests: cards are put on and taken off, and a
/// card can be made to leave at a given command of the next session.
final class InMemoryReader: CardConnector, @unchecked Sendable {
    /// When the card leaves during a session.
    enum Pull: Sendable {
        /// Before the card sees command `n` (1-based, in the session).
        case before(Int)
        /// After the card processed command `n`, before its answer reaches the terminal.
        case afterProcessing(Int)
    }

    /// The reader's name, as `pcscd` would give it (its profile is matched on it).
    let name = "In-Memory Reader 00 00"
    private let lock = NSLock()
    private var card: (any CardApplication)?
    private var pull: Pull?
    private(set) var sessions = 0
    private var sent: [[UInt8]] = []

    /// Every command sent to a card, in order.
    var commands: [[UInt8]] { lock.withLock { sent } }

    /// Puts `card` on the reader (powered on).
    func present(_ card: any CardApplication) {
        card.powerOn()
        lock.withLock { self.card = card }
    }

    /// Takes the card off.
    func remove() { lock.withLock { card = nil } }

    /// The next session loses the card as `pull` says.
    func pullNextSession(_ pull: Pull) { lock.withLock { self.pull = pull } }

    var hasCard: Bool { lock.withLock { card != nil } }

    func connect(timeout: Duration) async throws(CardWaitError) -> any CardSession {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            if Task.isCancelled { throw .cancelled }
            if let session = lock.withLock({ () -> Session? in
                guard let card else { return nil }
                sessions += 1
                defer { pull = nil }
                return Session(reader: self, card: card, pull: pull)
            }) {
                return session
            }
            if ContinuousClock.now >= deadline { throw .timedOut }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    func presence() async -> ReaderPresence {
        ReaderPresence(reader: name, readerPresent: true, cardPresent: hasCard)
    }

    fileprivate func record(_ command: [UInt8]) { lock.withLock { sent.append(command) } }

    final class Session: CardSession, @unchecked Sendable {
        let reader: InMemoryReader
        let card: any CardApplication
        let pull: Pull?
        private let lock = NSLock()
        private var count = 0

        init(reader: InMemoryReader, card: any CardApplication, pull: Pull?) {
            self.reader = reader
            self.card = card
            self.pull = pull
        }

        var readerName: String? { reader.name }

        func transmit(_ command: CommandAPDU) async throws -> ResponseAPDU {
            let number = lock.withLock {
                count += 1
                return count
            }
            reader.record(command.bytes)
            guard reader.lock.withLock({ reader.card != nil }) else { throw SCardError.removedCard }
            if case .before(number) = pull {
                reader.remove()
                throw SCardError.removedCard
            }
            let answer = card.process(command.bytes)
            if case .afterProcessing(number) = pull {
                reader.remove()
                throw SCardError.removedCard
            }
            return try ResponseAPDU(bytes: answer)
        }

        func end() async {}
    }
}
