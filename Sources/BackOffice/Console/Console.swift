import BackOfficeStorage
import Hummingbird
import Logging
import NIOCore

/// The back-office console: HTML pages rendered on the server under `/console`, for staff
/// signed in with a user name and password (docs/console.md).
///
/// Every page is a ``ConsolePage`` listed in ``ConsolePages/all``; this registers them, the
/// stylesheet, and sign-in and sign-out, on the back office's router.
public enum Console {
    /// Registers the console's routes on `router`. Throws when a template cannot be parsed.
    public static func register<Context: RemoteAddressRequestContext>(
        on router: Router<Context>, store: any LedgerStore, options: ConsoleOptions = ConsoleOptions(), logger: Logger
    ) throws {
        let renderer = try ConsoleRenderer(pages: ConsolePages.all)
        let gate = ConsoleGate(store: store, options: options, renderer: renderer, logger: logger)
        router.get("/console/style.css") { _, _ in ConsoleResponse.stylesheet() }
        router.get("/console") { request, _ in try await gate.home(request) }
        SignInRoutes(gate: gate).register(on: router)
        for page in ConsolePages.all { gate.register(page, on: router) }
    }
}

extension RemoteAddressRequestContext {
    /// The client's IP address as text ("unknown" without one).
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
