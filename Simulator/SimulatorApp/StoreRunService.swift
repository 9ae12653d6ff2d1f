import Foundation
import ServiceLifecycle
import StoreSimulation
import Synchronization

/// A store run as a service: a graceful shutdown (SIGINT, SIGTERM) stops the store's processes
/// and exits with status 130, leaving the run's files for a look.
final class StoreRunService: Service {
    let store: StoreRun
    let folder: String
    /// The run's report, or why it could not run; set when ``run()`` returns.
    let outcome: Mutex<Result<StoreReport, any Error>?>

    init(run: StoreRun, folder: String) {
        store = run
        self.folder = folder
        outcome = Mutex(nil)
    }

    func run() async throws {
        let folder = folder
        let result: Result<StoreReport, any Error>
        do {
            result = .success(
                try await withGracefulShutdownHandler {
                    try await store.run()
                } onGracefulShutdown: {
                    StoreRun.killEverything()
                    FileHandle.standardError.write(
                        Data("\nloyalty-sim store: interrupted; the store's processes are stopped (its files stay in \(folder))\n".utf8))
                    Foundation.exit(130)
                })
        } catch {
            result = .failure(error)
        }
        outcome.withLock { $0 = result }
    }
}

/// Ends a store run that has not ended after `limit`: stops its processes, says where to look,
/// exits with status 2. Shut down or cancelled first (the run ended), it does nothing.
struct StoreWatchdog: Service {
    let limit: Duration
    let clock: any Clock<Duration>
    let onExpiry: @Sendable () -> Void

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await clock.sleep(for: limit) }
        } catch {
            return
        }
        onExpiry()
    }
}
