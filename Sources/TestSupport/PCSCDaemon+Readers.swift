import Foundation
import PCSC

extension PCSCDaemon {
    /// The reader configuration folder (`pcscd -c`) of a daemon with no reader: empty, so the
    /// vpcd driver is not loaded and neither virtual reader exists.
    static var noReadersFolder: String { NSTemporaryDirectory() + "pcscd-no-readers" }

    /// Stops every running `pcscd` and starts one with a reader fewer: no reader at all, as a
    /// terminal whose reader was unplugged. It reads its readers from an empty folder in place
    /// of `/etc/reader.conf.d` (`pcscd -c`); the simulated cards wait for their readers.
    /// Returns when it answers. ``restart(timeout:)`` brings the virtual readers back.
    ///
    /// Debian's `pcscd` only watches USB for readers coming and going: `pcscd --hotplug` does
    /// not read the serial readers' configuration again, and vpcd's reader stays while its card
    /// side is closed (the card leaves, not the reader). A daemon started without the reader
    /// is how the real stack loses one.
    public static func restartWithoutReaders(timeout: Duration = .seconds(10)) async throws {
        let folder = noReadersFolder
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try await stop()
        try start(arguments: ["-c", folder])
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let context = try? PCSCContext() {
                context.release()
                return
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw Failure(description: "pcscd -c \(folder) did not answer within \(timeout)")
    }

    /// True when a daemon that ``restartWithoutReaders(timeout:)`` started still runs (a test
    /// ended before it restarted the usual one).
    static var runsWithoutReaders: Bool {
        runningProcessIDs().contains { pid in
            let command = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
            return command.contains(noReadersFolder)
        }
    }
}
