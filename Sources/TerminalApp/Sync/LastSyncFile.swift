import DurableFile
import Foundation
import Logging
import Synchronization
import SystemPackage

/// When the terminal last synced with its back office, kept across restarts in `last-sync` next
/// to the journal: the programme's offline limits (`maxSecondsSinceSync`) count from it, so a
/// terminal that restarts while the back office is out of reach keeps its last sync instead of
/// refusing every offline redemption as "never synced".
///
/// The file holds milliseconds since the epoch (the terminal's clock), in decimal, and a newline.
/// It is replaced durably (`DurableFile`: temporary file, `fsync`, rename, directory `fsync`), at
/// the first sync and then whenever the last sync has moved by ``interval`` or more: after a
/// power cut the kept time is at most that much older than the real one, which only makes the
/// offline window shorter.
///
/// A kept time later than the terminal's clock at start (the clock was set back since) is taken
/// as the start time, and written so: the offline window then runs from the start, once, instead
/// of letting every offline redemption pass until the clock catches up.
final class LastSyncFile: Sendable {
    /// How far the last sync moves before it is written again, in milliseconds.
    static let interval: Int64 = 60_000

    let path: String
    let logger: Logger
    /// The time last written (or read), ms.
    private let written = Mutex<Int64?>(nil)

    /// The file of the terminal whose journal is `journalPath`.
    init(journalPath: String, logger: Logger) {
        path = URL(fileURLWithPath: journalPath).deletingLastPathComponent().appendingPathComponent("last-sync").path
        self.logger = logger
    }

    /// The last sync kept before the restart (`nil`: never synced, or the file cannot be read),
    /// no later than `now` (ms).
    func load(now: Int64) -> Int64? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let kept = Int64(text), kept >= 0 else {
            logger.warning("the last sync kept in \(path) cannot be read: ignored", metadata: ["content": "\(text.prefix(40))"])
            return nil
        }
        written.withLock { $0 = kept }
        guard kept > now else { return kept }
        logger.warning(
            "the last sync kept is later than the clock (set back since?): counted from now",
            metadata: ["lastSync": "\(kept)", "now": "\(now)"])
        record(now)
        return now
    }

    /// Keeps `lastSync` (ms) when it moved by ``interval`` or more since the time written, or
    /// back (a clock set back); a failed write is logged and tried again at the next sync.
    func record(_ lastSync: Int64?) {
        guard let lastSync else { return }
        let due = written.withLock { written in
            guard let last = written else { return true }
            return lastSync < last || lastSync - last >= Self.interval
        }
        guard due else { return }
        do {
            try DurableFile.replace(
                FilePath(path), with: Array("\(lastSync)\n".utf8), permissions: [.ownerReadWrite, .groupRead, .otherRead])
            written.withLock { $0 = lastSync }
        } catch {
            logger.error("the last sync could not be kept in \(path): \(error)")
        }
    }
}
