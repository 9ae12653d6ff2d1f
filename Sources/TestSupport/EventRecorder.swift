import Logging
import PCSC
import Synchronization

/// Records what a ``ReaderMonitor`` reports, so a test can wait for an event with a deadline.
public final class EventRecorder: Sendable {
    private final class Log: Sendable {
        let events = Mutex<[ReaderEvent]>([])
    }

    private let log = Log()
    private let consumed = Mutex(0)
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Starts monitoring at once.
    public init(monitor: ReaderMonitor = ReaderMonitor(logger: Logger(label: "test.monitor"))) {
        let log = log
        let consumer = Task {
            for await event in monitor { log.events.withLock { $0.append(event) } }
        }
        task.withLock { $0 = consumer }
    }

    deinit { stop() }

    /// Ends the monitoring.
    public func stop() { task.withLock { $0?.cancel() } }

    /// Everything reported so far.
    public var events: [ReaderEvent] { log.events.withLock { $0 } }

    /// The next event (after those already returned) that matches, or `nil` after `limit`.
    public func next(
        within limit: Duration = .seconds(8),
        where matches: (ReaderEvent) -> Bool
    ) async throws -> ReaderEvent? {
        let deadline = ContinuousClock.now + limit
        while true {
            let start = consumed.withLock { $0 }
            let snapshot = events
            if start < snapshot.count {
                for index in start..<snapshot.count where matches(snapshot[index]) {
                    consumed.withLock { $0 = index + 1 }
                    return snapshot[index]
                }
                consumed.withLock { $0 = snapshot.count }
            }
            if ContinuousClock.now >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
