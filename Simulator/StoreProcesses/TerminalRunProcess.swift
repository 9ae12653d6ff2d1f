import Foundation
import Synchronization

/// A real `loyalty-terminal run` process for tests, benchmarks and the simulator: started with
/// its standard error appended to a log file, ready once it prints its "serving" line, stopped
/// with a signal (SIGTERM: a clean stop; SIGKILL: a power cut) and started again on the same
/// configuration.
public final class TerminalRunProcess: Sendable {
    public let configurationPath: String
    /// Where the terminal's standard error goes (appended across restarts).
    public let logPath: String
    private let process = Mutex<Process?>(nil)

    public init(configurationPath: String, logPath: String) {
        self.configurationPath = configurationPath
        self.logPath = logPath
    }

    public var isRunning: Bool { process.withLock { $0?.isRunning ?? false } }

    /// What the terminal logged so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Starts `loyalty-terminal run --config ...` (with `arguments` after it, and `environment`
    /// added to this process's) and waits, at most `timeout`, for its POS API to serve.
    public func start(arguments: [String] = [], environment: [String: String] = [:], timeout: Duration = .seconds(120)) async throws {
        let started = Process()
        started.executableURL = BuiltProducts.executable("loyalty-terminal")
        started.arguments = ["run", "--config", configurationPath] + arguments
        started.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        started.standardError = log
        started.standardInput = FileHandle.nullDevice
        let output = Pipe()
        started.standardOutput = output
        try started.run()
        let printed = PipeText(output.fileHandleForReading)
        process.withLock { $0 = started }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if printed.value.contains("serving POS API on") { return }
            guard started.isRunning else {
                throw TerminalRunProcessError(
                    "the terminal exited at start (status \(started.terminationStatus)): \(self.log.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(started.processIdentifier, SIGKILL)
        throw TerminalRunProcessError("the terminal did not serve within \(timeout): \(self.log.suffix(2000))")
    }

    /// Sends `signal` without waiting (for an emergency stop from a signal handler).
    public func send(_ signal: Int32) {
        if let running = process.withLock({ $0 }), running.isRunning { kill(running.processIdentifier, signal) }
    }

    /// Sends `signal` and waits for the process to end; its exit status. Past `timeout` it is
    /// killed and the stop fails.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(15)) async throws -> Int32 {
        guard let running = process.withLock({ $0 }) else { return 0 }
        if running.isRunning { kill(running.processIdentifier, signal) }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var late = false
        while running.isRunning {
            if !late, ContinuousClock.now > deadline {
                late = true
                kill(running.processIdentifier, SIGKILL)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.withLock { $0 = nil }
        if late { throw TerminalRunProcessError("the terminal did not stop within \(timeout) and was killed") }
        return running.terminationStatus
    }
}

/// A terminal process that would not start or stop.
public struct TerminalRunProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
