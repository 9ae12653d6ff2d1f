import CPCSCLite

extension PCSCContext {
    /// How long one blocking `SCardGetStatusChange` may last before the wait checks again.
    static let waitSlice: UInt32 = 200

    /// Waits until a card is present in `reader` and returns the reader's state (with the ATR).
    ///
    /// Cancelling the task ends the wait promptly with `CancellationError`, whether the
    /// cancellation comes before the wait starts or while it blocks. With a `timeout`, the wait
    /// ends with ``SCardError/timeout`` when no card came.
    public func waitForCard(in reader: String, timeout: Duration? = nil) async throws -> ReaderState {
        try await waitForState(of: reader, timeout: timeout) { $0.isCardPresent }
    }

    /// Waits until the card in `reader` is gone (returns at once when there is none).
    public func waitForCardRemoval(from reader: String, timeout: Duration? = nil) async throws {
        _ = try await waitForState(of: reader, timeout: timeout) { !$0.isCardPresent }
    }

    /// Waits until `reader`'s state satisfies `isWanted`.
    func waitForState(
        of reader: String,
        timeout: Duration?,
        until isWanted: @escaping @Sendable (ReaderState) -> Bool
    ) async throws -> ReaderState {
        let latch = CancellationLatch()
        let handle = handle
        let deadline = timeout.map { ContinuousClock.now.advanced(by: $0) }
        if Task.isCancelled { throw CancellationError() }
        return try await withTaskCancellationHandler {
            try await executor.run {
                try Self.blockingWait(handle, reader: reader, latch: latch, deadline: deadline, until: isWanted)
            }
        } onCancel: {
            latch.cancel { PCSCCalls.cancel(handle) }
        }
    }

    /// The wait itself, on the context's queue: bounded slices, the latch checked before each.
    private static func blockingWait(
        _ handle: PCSCCalls.Context,
        reader: String,
        latch: CancellationLatch,
        deadline: ContinuousClock.Instant?,
        until isWanted: (ReaderState) -> Bool
    ) throws -> ReaderState {
        var states = [ReaderStateRecord(reader: reader, currentState: UInt32(SCARD_STATE_UNAWARE))]
        while true {
            if latch.isCancelled { throw CancellationError() }
            switch Result(catching: { () throws(SCardError) in
                try PCSCCalls.getStatusChange(handle, timeoutMilliseconds: waitSlice, states: &states)
            }) {
            case .failure(.timeout):
                if let deadline, ContinuousClock.now >= deadline { throw SCardError.timeout }
            case .failure(.cancelled) where latch.isCancelled:
                throw CancellationError()
            case .failure(let error):
                throw error
            case .success:
                let state = ReaderState(record: states[0])
                if isWanted(state) { return state }
                if state.isUnavailable { throw SCardError.readerUnavailable }
                states[0].currentState = states[0].eventState & ~UInt32(SCARD_STATE_CHANGED)
            }
        }
    }
}
