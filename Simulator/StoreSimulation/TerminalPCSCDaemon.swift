import Foundation
import Synchronization

/// A terminal's own `pcscd`, as each real terminal device has: a real `pcscd` with the
/// `vsmartcard-vpcd` driver, whose reader `Virtual PCD 00 00` takes the simulated cards on
/// ``port``. Debian's vpcd keeps one set of sockets per process, so several readers need
/// several daemons; each runs in its own mount namespace (`unshare -m`) so that its
/// `/run/pcscd` is a folder of the run, and the terminal finds it through
/// `PCSCLITE_CSOCK_NAME`. Needs root (as `pcscd` itself usually does).
final class TerminalPCSCDaemon: Sendable {
    /// Store readers take ports from here up by default, two per daemon (vpcd listens on a pair).
    static let firstPort: UInt16 = StoreRun.defaultReaderPort
    /// The most terminals a store can run (vpcd ports 35965 ... 35980).
    static let maximum = 8

    let folder: String
    let port: UInt16
    let reader = "Virtual PCD 00 00"
    private let process = Mutex<Process?>(nil)

    /// The daemon of terminal `index`, its reader on `firstPort + 2 × index`.
    init(folder: String, index: Int, firstPort: UInt16 = firstPort) {
        self.folder = folder
        port = firstPort + UInt16(2 * index)
    }

    var socketPath: String { folder + "/run/pcscd.comm" }

    /// The environment that points a PC/SC client at this daemon.
    var environment: [String: String] { ["PCSCLITE_CSOCK_NAME": socketPath] }

    /// Starts the daemon and waits for its socket.
    func start() async throws {
        guard getuid() == 0 else {
            throw StoreError(
                "a store runs one pcscd per terminal in its own mount namespace: run it as root (the setup script's machines are)")
        }
        let pcscd = ["/usr/sbin/pcscd", "/usr/bin/pcscd", "/sbin/pcscd"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let pcscd else { throw StoreError("pcscd is not installed (scripts/setup.sh installs it)") }
        guard FileManager.default.fileExists(atPath: Self.driver) else {
            throw StoreError("the vpcd reader driver is not installed (\(Self.driver); scripts/setup.sh installs vsmartcard-vpcd)")
        }
        stopLeftover()
        guard FreePort.isFree(port), FreePort.isFree(port + 1) else {
            throw StoreError("port \(port) or \(port + 1), this terminal's vpcd reader, is in use: is another store running?")
        }
        try FileManager.default.createDirectory(atPath: folder + "/run", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/reader.conf.d", withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: socketPath)
        let channel = String(port, radix: 16, uppercase: true)
        try """
        FRIENDLYNAME "Virtual PCD"
        DEVICENAME   /dev/null:0x\(channel)
        LIBPATH      \(Self.driver)
        CHANNELID    0x\(channel)

        """.write(toFile: folder + "/reader.conf.d/vpcd", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = [
            "--mount", "--propagation", "private", "sh", "-c",
            #"mount --bind "$1" /run/pcscd && exec "$2" --foreground -c "$3""#, "pcscd-namespace",
            folder + "/run", pcscd, folder + "/reader.conf.d",
        ]
        _ = FileManager.default.createFile(atPath: folder + "/pcscd.log", contents: nil)  // opened next: a failure shows there
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/pcscd.log"))
        process.standardError = process.standardOutput
        process.standardInput = FileHandle.nullDevice
        try FileManager.default.createDirectory(atPath: "/run/pcscd", withIntermediateDirectories: true)
        try process.run()
        self.process.withLock { $0 = process }
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while ContinuousClock.now < deadline {
            if FileManager.default.fileExists(atPath: socketPath) { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = (try? String(contentsOfFile: folder + "/pcscd.log", encoding: .utf8)) ?? ""
        throw StoreError("the terminal's pcscd did not start (port \(port)): \(log.suffix(500))")
    }

    /// True while the daemon started last runs.
    var isRunning: Bool { process.withLock { $0?.isRunning ?? false } }

    /// True when the daemon ended without ``stop()``: something outside the scenario killed it.
    var diedUnexpectedly: Bool { process.withLock { $0.map { !$0.isRunning } ?? false } }

    /// Stops the daemon. It is let go of first, so that while it ends ``diedUnexpectedly`` does
    /// not take the stop for a death from outside (and the sampler does not start another
    /// daemon beside the one a power cut is about to start).
    func stop() {
        guard
            let process = process.withLock({ kept -> Process? in
                defer { kept = nil }
                return kept
            })
        else { return }
        if process.isRunning { process.terminate() }
        for _ in 0..<50 where process.isRunning { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    static let driver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"

    /// A daemon left by an earlier run in this folder (the simulator was killed) is stopped.
    private func stopLeftover() {
        guard let text = try? String(contentsOfFile: folder + "/run/pcscd.pid", encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
            command.contains("pcscd"), command.contains(folder)
        else { return }
        kill(pid, SIGKILL)
        for _ in 0..<50 where kill(pid, 0) == 0 { usleep(20_000) }
    }
}
