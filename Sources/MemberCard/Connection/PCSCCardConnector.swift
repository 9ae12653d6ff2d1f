import Logging
import PCSC
import Synchronization

/// The member's card on a PC/SC reader, through `pcscd`.
///
/// The connection to a card stays open between taps while the same card stays on the reader
/// (the reader's event counter has not moved), so a tap costs its APDUs and not a new
/// `SCardConnect`. A lost `pcscd` is reported at once (``CardWaitError/serviceUnavailable(_:)``)
/// and met with a new context at the next wait.
public final class PCSCCardConnector: CardConnector {
    /// The reader asked for; `nil` takes the first one `pcscd` lists.
    public let requestedReader: String?
    private let logger: Logger
    private let state = Mutex(Cached())
    private let probe: ReaderStatusProbe

    private struct Cached {
        var context: PCSCContext?
        var reader: String?
        var connection: CardConnection?
        var eventCount: UInt16?
        /// The reader's event count when a command failed: the card there is gone, whatever
        /// the reader still says until `pcscd` next polls it.
        var failedAt: UInt16?
    }

    public init(reader: String?, logger: Logger) {
        requestedReader = reader
        self.logger = logger
        probe = ReaderStatusProbe(reader: reader)
    }

    public func connect(timeout: Duration) async throws(CardWaitError) -> any CardSession {
        var seen: UInt16?
        do {
            let (context, reader) = try await contextAndReader()
            let deadline = ContinuousClock.now.advanced(by: timeout)
            var present = try await context.waitForCard(in: reader, timeout: timeout)
            if let failed = state.withLock({ $0.failedAt }), failed == present.eventCount {
                present = try await nextCard(after: present, in: reader, context: context, deadline: deadline)
            }
            state.withLock { $0.failedAt = nil }
            seen = present.eventCount
            if let reused = reuse(reader: reader, eventCount: present.eventCount) {
                return PCSCCardSession(connection: reused, connector: self)
            }
            let connection = try await context.connect(to: reader)
            let stale = state.withLock { cached -> CardConnection? in
                defer {
                    cached.connection = connection
                    cached.eventCount = present.eventCount
                }
                return cached.connection
            }
            if let stale { try? await stale.disconnect() }
            return PCSCCardSession(connection: connection, connector: self)
        } catch let error as CardWaitError {
            throw error
        } catch is CancellationError {
            throw .cancelled
        } catch let error as SCardError {
            forget(dropContext: error.meansServiceLost)
            if error.meansCardGone, let seen { state.withLock { $0.failedAt = seen } }
            switch error {
            case .timeout: throw .timedOut
            case _ where error.meansCardGone: throw .cardRemoved
            case _ where error.meansServiceLost: throw .serviceUnavailable("\(error)")
            default: throw .readerUnavailable("\(error)")
            }
        } catch {
            forget(dropContext: false)
            throw .readerUnavailable("\(error)")
        }
    }

    /// How long a card that failed may stay listed before the card there is tried again: a few
    /// of `pcscd`'s polls. A card taken away and put back (or swapped for another) within one
    /// poll never shows as a removal, so waiting for one could last until the member leaves.
    static let removalGrace: Duration = .seconds(1)

    /// The card to try after the one that failed at `failed`'s event count: the next card once
    /// the reader sees the failed one go, or, if the reader still lists a card after
    /// ``removalGrace``, the card there (put back, or swapped faster than `pcscd` polls).
    private func nextCard(
        after failed: ReaderState, in reader: String, context: PCSCContext, deadline: ContinuousClock.Instant
    ) async throws -> ReaderState {
        let remaining = deadline - ContinuousClock.now
        do {
            try await context.waitForCardRemoval(from: reader, timeout: min(Self.removalGrace, remaining))
        } catch let error as SCardError where error == .timeout && remaining > Self.removalGrace {
            logger.debug("the card that failed is still listed after \(Self.removalGrace): trying the card there")
            return failed
        }
        return try await context.waitForCard(in: reader, timeout: deadline - ContinuousClock.now)
    }

    /// The reader and its card, on a context of its own (``ReaderStatusProbe``): a tap waiting
    /// for a card does not hold it up.
    public func presence() async -> ReaderPresence {
        await probe.presence()
    }

    /// Drops the open connection (after a failed command), and the context when `pcscd` left.
    func forget(dropContext: Bool) {
        let (connection, context) = state.withLock { cached -> (CardConnection?, PCSCContext?) in
            defer {
                cached.connection = nil
                cached.eventCount = nil
                if dropContext {
                    cached.context = nil
                    cached.reader = nil
                }
            }
            if cached.connection != nil { cached.failedAt = cached.eventCount }
            return (cached.connection, dropContext ? cached.context : nil)
        }
        if connection != nil { logger.debug("card connection dropped") }
        context?.release()
    }

    private func reuse(reader: String, eventCount: UInt16) -> CardConnection? {
        state.withLock { cached in
            guard let connection = cached.connection, connection.reader == reader, cached.eventCount == eventCount else {
                return nil
            }
            return connection
        }
    }

    private func contextAndReader() async throws -> (PCSCContext, String) {
        let existing = state.withLock { cached -> (PCSCContext, String?)? in
            guard let context = cached.context, context.isValid else { return nil }
            return (context, cached.reader)
        }
        let context: PCSCContext
        if let existing {
            context = existing.0
            if let reader = existing.1 { return (context, reader) }
        } else {
            context = try PCSCContext()
            logger.debug("PC/SC context established")
        }
        let reader: String
        if let requestedReader {
            reader = requestedReader
        } else {
            guard let first = try await context.readers().first else {
                state.withLock { $0.context = context }
                throw CardWaitError.readerUnavailable("no reader is connected")
            }
            reader = first
        }
        let replaced = state.withLock { cached -> PCSCContext? in
            defer {
                cached.context = context
                cached.reader = reader
            }
            return cached.context === context ? nil : cached.context
        }
        replaced?.release()
        return (context, reader)
    }
}

/// One tap's use of a card connection. Commands block the calling thread for the round trip
/// (`transmitSync`): the tap is short and this avoids two thread hops per APDU.
struct PCSCCardSession: CardSession {
    let connection: CardConnection
    let connector: PCSCCardConnector

    var readerName: String? { connection.reader }

    func transmit(_ command: CommandAPDU) async throws -> ResponseAPDU {
        do {
            return try connection.transmitSync(command)
        } catch {
            connector.forget(dropContext: (error as? SCardError)?.meansServiceLost ?? false)
            throw error
        }
    }

    /// A reader command: its failure says nothing of the card, so the connection is kept.
    func control(_ code: UInt32, _ command: [UInt8]) async throws -> [UInt8] {
        try connection.controlSync(code, command)
    }

    func end() async {}
}
