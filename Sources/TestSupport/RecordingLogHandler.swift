import Logging
import Synchronization

/// Keeps the messages logged through it, so a test can check what the code under test reported
/// (a refusal recorded, a failure logged).
public struct RecordingLogHandler: LogHandler {
    /// The messages logged, in order.
    public final class Messages: Sendable {
        private let lines = Mutex<[(level: Logger.Level, message: String)]>([])

        func append(_ level: Logger.Level, _ message: String) { lines.withLock { $0.append((level, message)) } }

        /// The messages logged at `level`, in order.
        public func at(_ level: Logger.Level) -> [String] { lines.withLock { $0.filter { $0.level == level }.map(\.message) } }

        /// Every message, a line each as `level: message`.
        public var text: String { lines.withLock { $0.map { "\($0.level): \($0.message)" }.joined(separator: "\n") } }
    }

    let messages: Messages
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        messages.append(event.level, "\(event.message)")
    }

    /// A logger labelled `label` whose messages end up in the returned list.
    public static func logger(label: String = "test.checkout") -> (Logger, Messages) {
        let messages = Messages()
        return (Logger(label: label) { _ in RecordingLogHandler(messages: messages) }, messages)
    }
}
