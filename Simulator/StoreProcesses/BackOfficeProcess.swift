import Foundation
import Synchronization

/// A real `loyalty-backoffice serve` process on a free loopback port, for tests, benchmarks and
/// the simulator: started, killed and restarted on the same database as a test needs.
public final class BackOfficeProcess: Sendable {
    /// The `--database` value (`sqlite:PATH` or a `postgres://` URL).
    public let database: String
    /// Extra `serve` arguments (e.g. fault injection).
    public let arguments: [String]
    /// Where the server's standard error goes.
    public let logPath: String
    /// Variables added to this process's environment for the server and its commands (a
    /// simulated store's clock, for one).
    public let addedEnvironment: [String: String]
    private let state = Mutex<(process: Process?, port: Int, scheme: String)>((nil, 0, "http"))

    public init(database: String, logPath: String, arguments: [String] = [], environment: [String: String] = [:]) {
        self.database = database
        self.logPath = logPath
        self.arguments = arguments
        addedEnvironment = environment
    }

    /// The folder of the server's own TLS authority and certificate (`--tls-directory`), `nil`
    /// when it serves plain HTTP (`--unsafe-plain-http`) or a certificate given to it. A SQLite
    /// server keeps it beside its database (serve's default); for PostgreSQL it is `tls` beside
    /// the log, passed to `serve` and to ``command(_:)`` in `LOYALTY_BACKOFFICE_TLS_DIRECTORY`.
    public var tlsDirectory: String? {
        if arguments.contains("--unsafe-plain-http") || arguments.contains("--tls-certificate") { return nil }
        if let index = arguments.firstIndex(of: "--tls-directory"), index + 1 < arguments.count { return arguments[index + 1] }
        let beside = database.hasPrefix("sqlite:") ? String(database.dropFirst("sqlite:".count)) : logPath
        return URL(fileURLWithPath: beside).deletingLastPathComponent().appendingPathComponent("tls").path
    }

    /// The certificate (PEM) of the server's own authority, what its clients trust; `nil` as
    /// ``tlsDirectory``. It exists once the server or `terminal enrol` has made it.
    public var authorityCertificatePath: String? { tlsDirectory.map { $0 + "/ca.pem" } }

    /// The environment of the server and its commands: this process's, with the TLS folder and
    /// ``addedEnvironment``.
    private var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.merging(addedEnvironment) { $1 }
        if let tlsDirectory { environment["LOYALTY_BACKOFFICE_TLS_DIRECTORY"] = tlsDirectory }
        return environment
    }

    /// `https://127.0.0.1:PORT` of the running server (`http` with `--unsafe-plain-http`).
    public var url: String { state.withLock { "\($0.scheme)://127.0.0.1:\($0.port)" } }

    /// The port the server listens on.
    public var port: Int { state.withLock { $0.port } }

    public var isRunning: Bool { state.withLock { $0.process?.isRunning ?? false } }

    /// Starts the server and waits for its ready line (at most `timeout`: generous, for a full
    /// test run starts many processes at once on two cores). A restart reuses the
    /// first port, so clients keep their URL.
    public func start(timeout: Duration = .seconds(120)) async throws {
        let previousPort = state.withLock { $0.port }
        let process = Process()
        process.executableURL = BuiltProducts.executable("loyalty-backoffice")
        process.arguments = ["serve", "--database", database, "--port", String(previousPort), "--log-level", "notice"] + arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        if !FileManager.default.fileExists(atPath: logPath) { FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let line = PipeText(output.fileHandleForReading)
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            let text = line.value
            for scheme in ["http", "https"] {
                if let range = text.range(of: "serving on \(scheme)://127.0.0.1:"),
                    let port = Int(text[range.upperBound...].prefix { $0.isNumber })
                {
                    state.withLock { $0 = (process, port, scheme) }
                    return
                }
            }
            guard process.isRunning else {
                throw BackOfficeProcessError(
                    "loyalty-backoffice exited at start (status \(process.terminationStatus)): \(self.log.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw BackOfficeProcessError("loyalty-backoffice did not serve within \(timeout): \(self.log.suffix(2000))")
    }

    /// Sends `signal` without waiting (for an emergency stop from a signal handler).
    public func send(_ signal: Int32) {
        if let process = state.withLock({ $0.process }), process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Sends `signal` and waits (at most 15 s, then SIGKILL) for the process to end.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) async throws -> Int32 {
        guard let process = state.withLock({ $0.process }) else { return 0 }
        if process.isRunning { kill(process.processIdentifier, signal) }
        let deadline = ContinuousClock.now.advanced(by: .seconds(15))
        while process.isRunning {
            if ContinuousClock.now > deadline { kill(process.processIdentifier, SIGKILL) }
            try await Task.sleep(for: .milliseconds(20))
        }
        state.withLock { $0.process = nil }
        return process.terminationStatus
    }

    /// Runs a `loyalty-backoffice` command on the same database and TLS folder (e.g. `user add`,
    /// `terminal enrol`).
    public func command(_ arguments: [String]) async throws -> ProcessResult {
        try await ProcessRunner.run(
            BuiltProducts.executable("loyalty-backoffice"), arguments + ["--database", database], environment: environment)
    }

    /// What the server logged so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
}

/// A back office process that would not start or stop.
public struct BackOfficeProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
