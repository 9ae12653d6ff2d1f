import Foundation

/// Finds the executables that `swift build` / `swift test` put next to the running program (the
/// simulator, a benchmark or the test bundle), so that a store run, a benchmark or a test runs
/// `loyalty-terminal`, `loyalty-backoffice` and `loyalty-sim` exactly as a user does.
public enum BuiltProducts {
    /// The build products folder (for example `.build/debug`).
    public static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["LOYALTY_PRODUCTS_DIR"] {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // The test runner is `.build/<config>/<Package>PackageTests.xctest` (a file on Linux).
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("loyalty-terminal").path) {
                return url
            }
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// The URL of the executable product `name`.
    public static func executable(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }
}
