import Foundation
import StoreProcesses
import Synchronization

/// A `chromedriver` process (Debian's `chromium-driver`) listening on a loopback port of its own.
final class ChromeDriverProcess: Sendable {
    let port: Int
    private let process: Mutex<Process?>

    /// Starts `chromedriver` on a free loopback port, refusing every address but 127.0.0.1.
    init(executable: String, logPath: String) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw WebDriverError(error: "driver", message: "\(executable) not found: install chromium-driver (scripts/setup.sh)")
        }
        port = try LoopbackPort.free()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1", "--log-path=\(logPath)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = Mutex(process)
    }

    var isRunning: Bool { process.withLock { $0?.isRunning ?? false } }

    /// Ends the driver (its browsers end with it): SIGTERM, then SIGKILL after 10 s.
    func stop() async {
        guard let running = process.withLock({ $0 }) else { return }
        if running.isRunning { kill(running.processIdentifier, SIGTERM) }
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while running.isRunning {
            if ContinuousClock.now > deadline { kill(running.processIdentifier, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        process.withLock { $0 = nil }
    }

    deinit {
        if let running = process.withLock({ $0 }), running.isRunning { kill(running.processIdentifier, SIGKILL) }
    }
}
