import Hummingbird
import LoyaltyJournal
import Metrics
import POSAPI
import Prometheus

/// The process's metrics: swift-metrics bootstrapped once with a Prometheus registry, whose
/// text `GET /metrics` serves. Names and meanings: `docs/operations.md`.
enum TerminalMetrics {
    /// The metric names the terminal application emits itself (the checkout emits the tap ones).
    enum Name {
        static let journalFillRatio = "loyalty_journal_fill_ratio"
        static let journalWaitingRecords = "loyalty_journal_waiting_records"
        static let journalOldestUnsyncedSeconds = "loyalty_journal_oldest_unsynced_seconds"
        static let readers = "loyalty_readers"
        static let cardPresent = "loyalty_card_present"
        static let tapDuration = "loyalty_tap_duration_seconds"
    }

    /// The registry every metric of the process goes to. The first use bootstraps swift-metrics
    /// (which may happen once per process); later uses return the same registry.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // A tap is a wait for the member plus a few APDUs: buckets from a fast tap to a long wait.
        factory.durationHistogramBuckets[Name.tapDuration] = [
            .milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(300), .milliseconds(500),
            .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Bootstraps swift-metrics (idempotent).
    static func bootstrap() { _ = registry }

    /// The Prometheus text of every metric now.
    static func exposition() -> [UInt8] { registry.emitToBuffer() }

    /// Adds `GET /metrics` (Prometheus text format 0.0.4) to `router`.
    static func addRoute(to router: Router<POSRequestContext>) {
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: exposition())))
        }
    }
}

/// The journal gauges, from one look at the journal's statistics.
struct JournalGauges: Equatable, Sendable {
    /// Records waiting for sync over capacity, 0 to 1.
    var fillRatio: Double
    var waitingRecords: Int64
    /// Age of the oldest transaction not yet synced; 0 when none waits.
    var oldestUnsyncedSeconds: Double

    init(_ statistics: JournalStatistics, nowMilliseconds: UInt64) {
        let capacity = max(statistics.capacityRecords, 1)
        fillRatio = Double(statistics.waitingRecords) / Double(capacity)
        waitingRecords = statistics.waitingRecords
        oldestUnsyncedSeconds = Double(statistics.oldestUnsyncedAge(now: nowMilliseconds) ?? 0) / 1000
    }

    /// Sets the process's gauges.
    func record() {
        Gauge(label: TerminalMetrics.Name.journalFillRatio).record(fillRatio)
        Gauge(label: TerminalMetrics.Name.journalWaitingRecords).record(waitingRecords)
        Gauge(label: TerminalMetrics.Name.journalOldestUnsyncedSeconds).record(oldestUnsyncedSeconds)
    }
}
