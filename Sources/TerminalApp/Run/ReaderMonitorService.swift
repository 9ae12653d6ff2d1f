import Logging
import LoyaltyJournal
import Metrics
import PCSC
import ServiceLifecycle
import Timekeeping

/// Watches the readers for the running terminal: logs every reader and card event, and keeps
/// the gauges `loyalty_readers` (readers `pcscd` lists) and `loyalty_card_present` (1 while a
/// card is on the terminal's reader: the configured one, or any reader when none is configured).
struct ReaderMonitorService: Service {
    /// The configured reader; `nil` when the terminal takes the first one listed.
    let reader: String?
    let logger: Logger

    /// What the monitor has seen so far.
    struct Seen: Equatable, Sendable {
        var readers: Set<String> = []
        var cards: Set<String> = []

        /// Applies one event.
        mutating func apply(_ event: ReaderEvent) {
            switch event {
            case .readerAdded(let name): readers.insert(name)
            case .readerRemoved(let name):
                readers.remove(name)
                cards.remove(name)
            case .cardInserted(let name, _): cards.insert(name)
            case .cardRemoved(let name): cards.remove(name)
            case .serviceUnavailable:
                readers.removeAll()
                cards.removeAll()
            case .serviceRestored: break
            }
        }

        /// Whether a card is on the terminal's reader.
        func cardPresent(on reader: String?) -> Bool {
            if let reader { cards.contains(reader) } else { !cards.isEmpty }
        }
    }

    func run() async throws {
        var seen = Seen()
        record(seen)
        for try await event in ReaderMonitor(logger: logger).cancelOnGracefulShutdown() {
            seen.apply(event)
            record(seen)
            switch event {
            case .serviceUnavailable:
                logger.warning("\(event); the terminal cannot take taps until it is back (systemctl status pcscd)")
            case .readerRemoved(let name) where name == reader:
                logger.warning("\(event): the terminal's reader is gone; taps wait until it is plugged in again")
            default:
                logger.info("\(event)")
            }
        }
    }

    private func record(_ seen: Seen) {
        Gauge(label: TerminalMetrics.Name.readers).record(seen.readers.count)
        Gauge(label: TerminalMetrics.Name.cardPresent).record(seen.cardPresent(on: reader) ? 1 : 0)
    }
}

/// Refreshes the journal gauges every few seconds until the terminal shuts down.
struct JournalMetricsService: Service {
    let journal: Journal
    let wallTime: any WallTime
    let clock: any Clock<Duration>
    let interval: Duration
    let logger: Logger

    func run() async throws {
        var lastProblem: String?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                JournalGauges(try journal.statistics(), nowMilliseconds: wallTime.millisecondsSinceEpoch()).record()
                lastProblem = nil
            } catch {
                // Log a failure once, not every few seconds.
                let problem = "\(error)"
                if problem != lastProblem { logger.error("journal statistics failed: \(problem)") }
                lastProblem = problem
            }
            try? await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
        }
    }
}
