import BackOfficeReports
import BackOfficeStorage
import Logging
import ServiceLifecycle
import Timekeeping

/// Runs the fleet check (``FleetCheck``) every `interval` while the server runs, so that a
/// terminal needing a technician is raised as an alarm once per condition (`docs/backoffice.md`,
/// "The fleet").
struct FleetCheckService: Service {
    let check: FleetCheck
    let interval: Duration
    let wallTime: any WallTime
    let clock: any Clock<Duration>
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let (report, raised) = try await check.run(at: nowMilliseconds(wallTime))
                    if !raised.isEmpty {
                        logger.warning(
                            "fleet check: \(raised.count) new alarm(s)",
                            metadata: ["needingTechnician": "\(report.needingTechnician.count)", "terminals": "\(report.terminals.count)"])
                    }
                } catch {
                    logger.warning("the fleet check failed: \(error)")
                }
                try? await clock.sleep(for: interval)
            }
        }
    }
}
