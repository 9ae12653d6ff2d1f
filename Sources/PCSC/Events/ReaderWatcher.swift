import CPCSCLite
import Foundation
import Logging
import Synchronization

/// The thread behind one ``ReaderMonitor`` iteration: waits on `pcscd` and turns state changes
/// into ``ReaderEvent``s.
final class ReaderWatcher: Sendable {
    private struct Shared {
        var stopped = false
        var context: PCSCCalls.Context?
    }

    private let shared = Mutex(Shared())
    private let logger: Logger
    private let retryDelay: Duration
    private let slice: UInt32
    private let emit: @Sendable (ReaderEvent) -> Void

    init(logger: Logger, retryDelay: Duration, slice: Duration, emit: @escaping @Sendable (ReaderEvent) -> Void) {
        self.logger = logger
        self.retryDelay = retryDelay
        self.slice = UInt32(slice.components.seconds * 1000 + slice.components.attoseconds / 1_000_000_000_000_000)
        self.emit = emit
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "pcsc.reader-watcher"
        thread.start()
    }

    /// Stops the watcher; a blocked wait is interrupted with `SCardCancel`.
    func stop() {
        shared.withLock { shared in
            shared.stopped = true
            if let context = shared.context { PCSCCalls.cancel(context) }
        }
    }

    private var isStopped: Bool { shared.withLock { $0.stopped } }

    private func run() {
        var tracker = ReaderTracker()
        var serviceDown = false
        var context: PCSCCalls.Context?
        defer { if let context { release(context) } }

        while !isStopped {
            guard let current = context else {
                do throws(SCardError) {
                    let established = try PCSCCalls.establishContext()
                    shared.withLock { $0.context = established }
                    context = established
                    if serviceDown {
                        logger.info("pcscd answers again")
                        emit(.serviceRestored)
                        serviceDown = false
                    }
                    try refreshReaders(established, &tracker)
                } catch {
                    if !serviceDown {
                        logger.warning("pcscd unavailable", metadata: ["error": "\(error.cName)"])
                        emit(.serviceUnavailable(error))
                        tracker.removeAll().forEach(emit)
                        serviceDown = true
                    }
                    if let established = context {
                        release(established)
                        context = nil
                    }
                    Thread.sleep(forTimeInterval: seconds(retryDelay))
                }
                continue
            }
            var states = tracker.records
            do throws(SCardError) {
                try PCSCCalls.getStatusChange(current, timeoutMilliseconds: slice, states: &states)
            } catch .timeout, .cancelled {
                continue
            } catch .unknownReader, .readerUnavailable {
                try? refreshReaders(current, &tracker)
                continue
            } catch {
                logger.warning("pcscd connection lost", metadata: ["error": "\(error.cName)"])
                emit(.serviceUnavailable(error))
                tracker.removeAll().forEach(emit)
                serviceDown = true
                release(current)
                context = nil
                continue
            }
            let (events, readersChanged) = tracker.apply(states)
            events.forEach(emit)
            if readersChanged { try? refreshReaders(current, &tracker) }
        }
    }

    private func refreshReaders(_ context: PCSCCalls.Context, _ tracker: inout ReaderTracker) throws(SCardError) {
        let names = try PCSCCalls.listReaders(context)
        var probe = names.map { ReaderStateRecord(reader: $0, currentState: UInt32(SCARD_STATE_UNAWARE)) }
        if !probe.isEmpty {
            try PCSCCalls.getStatusChange(context, timeoutMilliseconds: 0, states: &probe)
        }
        tracker.setReaders(probe).forEach(emit)
    }

    private func release(_ context: PCSCCalls.Context) {
        shared.withLock { $0.context = nil }
        PCSCCalls.releaseContext(context)
    }

    private func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
