import LedgerFormat
import Metrics
import Synchronization

/// The checkout's metrics (swift-metrics; the terminal process exports them for Prometheus).
struct CheckoutMetrics: Sendable {
    private let duration = Metrics.Timer(label: "loyalty_tap_duration_seconds")
    private let apduErrors = Counter(label: "loyalty_apdu_errors_total")
    private let inDoubt = Gauge(label: "loyalty_checkout_in_doubt")
    /// Refusals by code since they were last taken (for the terminal's status report).
    let refusals = RefusalCounts()

    /// Counts a finished request by outcome (and refusal code) and records its tap time.
    func finished(_ answer: CheckoutAnswer, tapDuration: Duration?) {
        var dimensions = [("outcome", answer.outcome.rawValue), ("kind", answer.kind.rawValue)]
        if let code = answer.refusal?.code {
            dimensions.append(("reason", code.rawValue))
            refusals.count(code.rawValue)
        }
        Counter(label: "loyalty_taps_total", dimensions: dimensions).increment()
        if let tapDuration { duration.record(duration: tapDuration) }
    }

    func apduError() { apduErrors.increment() }

    func inDoubt(_ count: Int) { inDoubt.record(count) }
}

/// Refusals counted by code until they are taken.
final class RefusalCounts: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func count(_ code: String) { counts.withLock { $0[code, default: 0] += 1 } }

    /// The counts since the last call, and starts again from none.
    func take() -> [String: Int] {
        counts.withLock { counts in
            defer { counts = [:] }
            return counts
        }
    }
}
