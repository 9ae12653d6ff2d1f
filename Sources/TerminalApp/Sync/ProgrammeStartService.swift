import ServiceLifecycle
import Timekeeping

/// Puts a downloaded programme in force at its start time: looks once a second (on the
/// process's clock) whether the pending programme's `effectiveAt` has come (by its wall time).
struct ProgrammeStartService: Service {
    let documents: DownloadedDocuments
    let clock: any Clock<Duration>

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await clock.sleep(for: .seconds(1))
                } catch {
                    return
                }
                documents.applyDue()
            }
        }
    }
}
