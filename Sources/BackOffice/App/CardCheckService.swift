import BackOfficeReports
import BackOfficeStorage
import Logging
import ServiceLifecycle
import Timekeeping

/// Runs the card chain check (`report cards`) every `interval` while the server runs, so that a
/// voided transaction found on the card, or one left unresolved past `unresolvedLimit`, is
/// raised as an alarm without anyone asking for the report (`docs/backoffice.md`). Each finding
/// is alarmed once, however often the check runs.
struct CardCheckService: Service {
    let store: any LedgerStore
    let interval: Duration
    /// Seconds after which a transaction left unresolved and still unsettled is reported.
    let unresolvedLimit: Int64
    let wallTime: any WallTime
    let clock: any Clock<Duration>
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await clock.sleep(for: interval)
                guard !Task.isCancelled else { return }
                do {
                    let (report, raised) = try await CardChainReporter.check(
                        store: store, at: nowMilliseconds(wallTime), unresolvedLimit: unresolvedLimit)
                    if raised > 0 {
                        logger.warning(
                            "card check: \(raised) new alarm(s)",
                            metadata: [
                                "cards": "\(report.cardsChecked)", "anomalies": "\(report.anomalies.count)",
                            ])
                    } else {
                        logger.info(
                            "card check: nothing new",
                            metadata: ["cards": "\(report.cardsChecked)", "anomalies": "\(report.anomalies.count)"])
                    }
                } catch {
                    logger.warning("the card check failed: \(error)")
                }
            }
        }
    }
}
