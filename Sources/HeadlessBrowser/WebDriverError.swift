/// What went wrong talking to the browser: an error WebDriver answered (`error` is its code,
/// such as `no such element`), or the driver could not be started or reached.
public struct WebDriverError: Error, Sendable, CustomStringConvertible {
    /// The WebDriver error code (`no such element`, `invalid argument`, ...), or `driver` for a
    /// failure of the driver process itself.
    public var error: String
    public var message: String

    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }

    public var description: String { "WebDriver \(error): \(message)" }
}
