import Logging
import ServiceLifecycle
import VirtualCard

/// A simulated card on a vpcd reader, as a service: inserted when the service runs, removed at
/// graceful shutdown (SIGINT or SIGTERM: a technician's Ctrl-C, a test stopping the process) or
/// after `seconds`, so the card leaves the reader cleanly.
struct PresentedCard: Service {
    let host: VirtualCardHost
    let seconds: Double?
    let clock: any Clock<Duration>
    let onInserted: @Sendable () -> Void
    let onRemoved: @Sendable () -> Void

    func run() async throws {
        host.insert()
        onInserted()
        if let seconds {
            try? await cancelWhenGracefulShutdown { try await clock.sleep(for: .milliseconds(Int64(seconds * 1000))) }
        } else {
            try? await gracefulShutdown()
        }
        host.remove()
        onRemoved()
    }

    /// Runs the card until a signal or its time ends.
    static func present(_ card: PresentedCard, logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: card, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
