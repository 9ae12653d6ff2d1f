import LedgerFormat
import Metrics

/// The checkout's metrics (swift-metrics; the terminal process exports them for Prometheus).
struct CheckoutMetrics: Sendable {
    private let duration = Metrics.Timer(label: "loyalty_tap_duration_seconds")
    private let apduErrors = Counter(label: "loyalty_apdu_errors_total")
    private let inDoubt = Gauge(label: "loyalty_checkout_in_doubt")

    /// Counts a finished request by outcome (and refusal code) and records its tap time.
    func finished(_ answer: CheckoutAnswer, tapDuration: Duration?) {
        var dimensions = [("outcome", answer.outcome.rawValue), ("kind", answer.kind.rawValue)]
        if let code = answer.refusal?.code { dimensions.append(("reason", code.rawValue)) }
        Counter(label: "loyalty_taps_total", dimensions: dimensions).increment()
        if let tapDuration { duration.record(duration: tapDuration) }
    }

    func apduError() { apduErrors.increment() }

    func inDoubt(_ count: Int) { inDoubt.record(count) }
}
