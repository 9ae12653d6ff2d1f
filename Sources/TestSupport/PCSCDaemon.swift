import Foundation
import PCSC

/// A real `pcscd` under test control: started when none runs, restarted on demand.
///
/// Tests that go through the real stack call ``ensureRunning()`` first. The daemon must have
/// the `vsmartcard-vpcd` driver installed (`scripts/setup.sh` does that), which gives the
/// virtual readers `Virtual PCD 00 00` (port 35963) and `Virtual PCD 00 01` (port 35964).
public enum PCSCDaemon {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The name of the first virtual reader.
    public static let firstVirtualReader = "Virtual PCD 00 00"
    /// The name of the second virtual reader.
    public static let secondVirtualReader = "Virtual PCD 00 01"

    static let executable = ["/usr/sbin/pcscd", "/usr/bin/pcscd", "/sbin/pcscd"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Starts `pcscd --foreground` unless one already answers, and waits until the virtual
    /// reader is listed. A daemon left running without readers (``restartWithoutReaders(timeout:)``)
    /// is restarted as usual.
    public static func ensureRunning(timeout: Duration = .seconds(10)) async throws {
        if await hasVirtualReader() { return }
        if runsWithoutReaders {
            try await restart(timeout: timeout)
            return
        }
        if runningProcessIDs().isEmpty { try start() }
        try await waitUntilReady(timeout: timeout)
    }

    /// Waits until `reader` holds no card (pcscd notices a card leaving at its next poll of the
    /// driver, about every 400 ms).
    public static func waitForEmptyReader(_ reader: String, timeout: Duration = .seconds(5)) async throws {
        let context = try PCSCContext()
        defer { context.release() }
        try await context.waitForCardRemoval(from: reader, timeout: timeout)
    }

    /// Stops every running `pcscd` (SIGTERM, then SIGKILL after 3 s) and starts a fresh one,
    /// as `systemctl restart pcscd` would. Returns when the new one lists the virtual reader.
    public static func restart(timeout: Duration = .seconds(10)) async throws {
        try await stop()
        try start()
        try await waitUntilReady(timeout: timeout)
    }

    /// Stops every running `pcscd` and waits until they are gone.
    public static func stop() async throws {
        let pids = runningProcessIDs()
        pids.forEach { kill($0, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(3)
        while !runningProcessIDs().isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        runningProcessIDs().forEach { kill($0, SIGKILL) }
        while !runningProcessIDs().isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        // A new pcscd refuses to start while the old pid in /run/pcscd/pcscd.pid still exists,
        // even as a zombie: wait until each old process has been reaped.
        let reaped = ContinuousClock.now + .seconds(3)
        while pids.contains(where: { FileManager.default.fileExists(atPath: "/proc/\($0)") }), ContinuousClock.now < reaped {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Starts `pcscd --foreground` in the background (its output discarded), with `arguments`
    /// after it (`-c FOLDER` for readers other than those of `/etc/reader.conf.d`).
    public static func start(arguments: [String] = []) throws {
        guard let executable else {
            throw Failure(description: "pcscd is not installed; run scripts/setup.sh (Debian package pcscd)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--foreground"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// The process ids of every running `pcscd` of this machine's `/run/pcscd`, from `/proc`:
    /// daemons in another mount namespace (a store scenario's terminals each run one,
    /// `docs/scenarios.md`) serve others and are left alone.
    public static func runningProcessIDs() -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let namespace = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/mnt")
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                let comm = try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8),
                comm.trimmingCharacters(in: .whitespacesAndNewlines) == "pcscd",
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(entry)/ns/mnt")) == namespace
            else { return nil }
            // A zombie (killed but not yet reaped) no longer serves anyone.
            let stat = (try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8)) ?? ""
            return stat.contains(") Z ") ? nil : pid
        }
    }

    private static func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await hasVirtualReader() { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw Failure(description: "pcscd did not list '\(firstVirtualReader)' within \(timeout); is vsmartcard-vpcd installed?")
    }

    private static func hasVirtualReader() async -> Bool {
        guard let context = try? PCSCContext() else { return false }
        defer { context.release() }
        return (try? await context.readers().contains(firstVirtualReader)) ?? false
    }
}
