import Logging
import ServiceLifecycle

/// A job the server repeats every `interval` while it runs, until a graceful shutdown: the
/// card check, the fleet check, the settlement, the purge of nonces and sessions. The first
/// round runs after one interval (or at once); a round that fails is logged, and the next one
/// comes as usual.
struct PeriodicService: Service {
    /// What the log calls it: "the card check failed: ...".
    let name: String
    let interval: Duration
    var startsAtOnce = false
    let clock: any Clock<Duration>
    let logger: Logger
    let round: @Sendable () async throws -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            if !startsAtOnce { try? await clock.sleep(for: interval) }
            while !Task.isCancelled {
                do {
                    try await round()
                } catch {
                    logger.warning("the \(name) failed: \(error)")
                }
                try? await clock.sleep(for: interval)
            }
        }
    }
}
