import Synchronization

/// A connection to the PC/SC resource manager (`pcscd`): `SCardEstablishContext`.
///
/// Every call on the context runs on its own serial queue, so `async` callers never block the
/// cooperative thread pool. A context becomes useless when `pcscd` stops; ``ReaderMonitor``
/// replaces its own context by itself, other users establish a new one.
public final class PCSCContext: Sendable {
    let handle: PCSCCalls.Context
    let executor: BlockingExecutor
    private let isReleased = Mutex(false)

    /// Establishes a context, failing with ``SCardError/noService`` when `pcscd` is not running.
    public init() throws {
        handle = try PCSCCalls.establishContext()
        executor = BlockingExecutor(label: "pcsc.context")
    }

    deinit { release() }

    /// Releases the context (`SCardReleaseContext`). Connections made from it stop working.
    public func release() {
        let wasReleased = isReleased.withLock { released in
            defer { released = true }
            return released
        }
        if !wasReleased { PCSCCalls.releaseContext(handle) }
    }

    /// True while `pcscd` still recognises this context.
    public var isValid: Bool { PCSCCalls.isValidContext(handle) }

    /// The names of the readers `pcscd` knows, in its order; empty when there are none.
    public func readers() async throws -> [String] {
        let handle = handle
        return try await executor.run { try PCSCCalls.listReaders(handle) }
    }

    /// Connects to the card in `reader` (`SCardConnect`).
    public func connect(
        to reader: String,
        share: ShareMode = .shared,
        protocols: CardProtocols = .any
    ) async throws -> CardConnection {
        let handle = handle
        let (card, active) = try await executor.run {
            try PCSCCalls.connect(handle, reader: reader, share: share.rawValue, protocols: protocols.rawValue)
        }
        return CardConnection(context: self, handle: card, reader: reader, activeProtocol: active)
    }

    /// The current state of `reader` without waiting.
    public func state(of reader: String) async throws -> ReaderState {
        let handle = handle
        let states = try await executor.run {
            var states = [ReaderStateRecord(reader: reader, currentState: 0)]
            try PCSCCalls.getStatusChange(handle, timeoutMilliseconds: 0, states: &states)
            return states
        }
        return ReaderState(record: states[0])
    }
}
