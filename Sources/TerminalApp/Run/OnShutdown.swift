import ServiceLifecycle

/// A service that does one thing when its group shuts down (gracefully or not): the checkout's
/// checkpoint, closing the back-office HTTP client. Put early in the group, it runs late: a
/// `ServiceGroup` stops its services in the reverse of their order.
struct OnShutdown: Service {
    let action: @Sendable () async -> Void

    func run() async throws {
        // Returns at graceful shutdown; throws when the group cancels: either way, act.
        try? await gracefulShutdown()
        await action()
    }
}
