import Logging
import Synchronization

/// Keeps the messages logged through it, so a test can check what the checkout reported.
struct RecordingLogHandler: LogHandler {
    final class Messages: Sendable {
        private let lines = Mutex<[(level: Logger.Level, message: String)]>([])

        func append(_ level: Logger.Level, _ message: String) { lines.withLock { $0.append((level, message)) } }

        /// The messages logged at `level`, in order.
        func at(_ level: Logger.Level) -> [String] { lines.withLock { $0.filter { $0.level == level }.map(\.message) } }
    }

    let messages: Messages
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        messages.append(event.level, "\(event.message)")
    }

    /// A logger whose messages end up in the returned list.
    static func logger() -> (Logger, Messages) {
        let messages = Messages()
        return (Logger(label: "test.checkout") { _ in RecordingLogHandler(messages: messages) }, messages)
    }
}
