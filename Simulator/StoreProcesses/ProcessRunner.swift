import Foundation
import Synchronization

/// What a finished child process left behind.
public struct ProcessResult: Sendable {
    /// The exit status (or the signal number when `terminatedBySignal`).
    public var status: Int32
    public var terminatedBySignal: Bool
    public var standardOutput: String
    public var standardError: String
}

/// Runs a program to completion and captures what it printed, as a user at a shell would.
public enum ProcessRunner {
    /// Runs `executable` with `arguments`, waits for it, and returns its exit status and output.
    /// The wait happens on a thread of its own (``blockingWork(_:)``), not on the concurrency pool.
    public static func run(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String]? = nil
    ) async throws -> ProcessResult {
        try await blockingWork { try runToEnd(executable, arguments, environment: environment) }
    }

    private static func runToEnd(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String]?
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        let errData = Mutex(Data())
        let errRead = DispatchGroup()
        DispatchQueue.global().async(group: errRead) {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errData.withLock { $0 = data }
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errRead.wait()
        return ProcessResult(
            status: process.terminationStatus,
            terminatedBySignal: process.terminationReason == .uncaughtSignal,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData.withLock { $0 }, as: UTF8.self)
        )
    }
}
