import DurableFile
import Foundation
import LedgerFormat
import Logging
import SystemPackage

/// The states of the members known by UID only, kept next to the journal (`<journal>.uid-states`,
/// JSON, replaced atomically): what the ring has overwritten is still known after a restart,
/// even offline. Written whenever the checkout forgets overwritten records, and at shutdown.
public struct UIDStateFile: Sendable {
    public let path: String
    let logger: Logger

    public init(journalPath: String, logger: Logger) {
        path = journalPath + ".uid-states"
        self.logger = logger
    }

    /// The states kept; empty when there is no file (a terminal that never forgot one) or it
    /// cannot be read (said in the log: the back office still holds them).
    public func load() -> [String: UIDState] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        do {
            return try JSONDecoder().decode([String: UIDState].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            logger.error("the UID-only states kept in \(path) cannot be read: the back office's are used when online (\(error))")
            return [:]
        }
    }

    /// Keeps `states`, atomically and durably.
    public func save(_ states: [String: UIDState]) {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try DurableFile.replace(FilePath(path), with: Array(try encoder.encode(states)), permissions: [.ownerReadWrite])
        } catch {
            logger.error("the UID-only states could not be kept in \(path): \(error)")
        }
    }
}
