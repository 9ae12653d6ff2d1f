import BackOfficeReports
import BackOfficeStorage
import Logging
import Timekeeping

extension PeriodicService {
    /// The card chain check (`report cards`) every `interval`, so that a voided transaction found
    /// on the card, or one left unresolved past `unresolvedLimit` seconds, is raised as an alarm
    /// without anyone asking for the report (`docs/backoffice.md`). Each finding is alarmed once,
    /// however often the check runs.
    static func cardCheck(
        store: any LedgerStore, interval: Duration, unresolvedLimit: Int64, wallTime: any WallTime, clock: any Clock<Duration>,
        logger: Logger
    ) -> PeriodicService {
        PeriodicService(name: "card check", interval: interval, clock: clock, logger: logger) {
            let (report, raised) = try await CardChainReporter.check(
                store: store, at: nowMilliseconds(wallTime), unresolvedLimit: unresolvedLimit)
            let metadata: Logger.Metadata = ["cards": "\(report.cardsChecked)", "anomalies": "\(report.anomalies.count)"]
            if raised > 0 {
                logger.warning("card check: \(raised) new alarm(s)", metadata: metadata)
            } else {
                logger.info("card check: nothing new", metadata: metadata)
            }
        }
    }
}
