import Logging

/// Reader and card events as an `AsyncSequence`: readers plugged in and out, cards inserted
/// and removed, and `pcscd` going away and coming back.
///
/// Each iteration runs its own watcher on a thread of its own with its own PC/SC context.
/// When `pcscd` is restarted or stops (`SCARD_E_NO_SERVICE`, `SCARD_E_SERVICE_STOPPED`, an
/// invalid context), the watcher reports ``ReaderEvent/serviceUnavailable(_:)`` together with
/// the removal of every reader it knew, establishes a new context as soon as `pcscd` answers
/// again, and carries on with ``ReaderEvent/serviceRestored`` and fresh reader and card events.
/// Ending the iteration (cancelling the task, or dropping the iterator) stops the watcher.
///
/// ```swift
/// for await event in ReaderMonitor(logger: logger) {
///     if case .cardInserted(let reader, _) = event { ... }
/// }
/// ```
public struct ReaderMonitor: AsyncSequence, Sendable {
    public typealias Element = ReaderEvent

    let logger: Logger
    let retryDelay: Duration
    let slice: Duration

    /// - Parameters:
    ///   - logger: where the watcher logs service loss, recovery and reader changes.
    ///   - retryDelay: how long to wait between attempts to reach `pcscd` again.
    ///   - slice: the longest single blocking wait; bounds how late a stop is noticed.
    public init(logger: Logger, retryDelay: Duration = .milliseconds(100), slice: Duration = .milliseconds(500)) {
        self.logger = logger
        self.retryDelay = retryDelay
        self.slice = slice
    }

    public func makeAsyncIterator() -> AsyncStream<ReaderEvent>.Iterator {
        let (stream, continuation) = AsyncStream.makeStream(of: ReaderEvent.self, bufferingPolicy: .unbounded)
        let watcher = ReaderWatcher(
            logger: logger, retryDelay: retryDelay, slice: slice,
            emit: { continuation.yield($0) }
        )
        continuation.onTermination = { _ in watcher.stop() }
        watcher.start()
        return stream.makeAsyncIterator()
    }
}
