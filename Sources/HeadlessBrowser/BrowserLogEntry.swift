/// One line of the browser's console log (`console.error`, a resource that failed to load, a
/// refused Content-Security-Policy, an uncaught exception...).
public struct BrowserLogEntry: Sendable, Equatable, CustomStringConvertible {
    /// Chromium's level: `SEVERE` for errors, `WARNING`, `INFO`, `DEBUG`.
    public var level: String
    public var message: String

    public init(level: String, message: String) {
        self.level = level
        self.message = message
    }

    /// An error the page's user would see in the developer tools' console.
    public var isError: Bool { level == "SEVERE" }

    public var description: String { "\(level): \(message)" }
}
