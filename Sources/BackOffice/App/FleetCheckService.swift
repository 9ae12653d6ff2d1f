import BackOfficeReports
import BackOfficeStorage
import Logging
import Timekeeping

extension PeriodicService {
    /// The fleet check (``FleetCheck``) every `interval`, from the start, so that a terminal
    /// needing a technician is raised as an alarm once per condition (`docs/backoffice.md`,
    /// "The fleet").
    static func fleetCheck(
        _ check: FleetCheck, interval: Duration, wallTime: any WallTime, clock: any Clock<Duration>, logger: Logger
    ) -> PeriodicService {
        PeriodicService(name: "fleet check", interval: interval, startsAtOnce: true, clock: clock, logger: logger) {
            let (report, raised) = try await check.run(at: nowMilliseconds(wallTime))
            if !raised.isEmpty {
                logger.warning(
                    "fleet check: \(raised.count) new alarm(s)",
                    metadata: ["needingTechnician": "\(report.needingTechnician.count)", "terminals": "\(report.terminals.count)"])
            }
        }
    }
}
