import Foundation
import Logging
import Testing

@testable import TerminalApp

/// The terminal's last sync, kept beside the journal across restarts (`last-sync`).
@Suite("Terminal: the last sync kept across restarts")
struct LastSyncFileTests {
    /// A `LastSyncFile` for a journal in a new folder, and the folder.
    static func inFolder(_ body: (LastSyncFile, String) throws -> Void) throws {
        let folder = NSTemporaryDirectory() + "last-sync-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(LastSyncFile(journalPath: folder + "/terminal.journal", logger: Logger(label: "test.last-sync")), folder)
    }

    static func content(_ folder: String) -> String? {
        try? String(contentsOfFile: folder + "/last-sync", encoding: .utf8)
    }

    @Test("kept beside the journal, read back by the next start; moved again only a minute later or backwards")
    func keptAndReadBack() throws {
        try Self.inFolder { file, folder in
            #expect(file.load(now: 1_000_000) == nil, "never synced")
            file.record(1_000_000)
            #expect(Self.content(folder) == "1000000\n")
            file.record(1_030_000)
            #expect(Self.content(folder) == "1000000\n", "less than a minute later: not written")
            file.record(1_060_000)
            #expect(Self.content(folder) == "1060000\n")
            file.record(nil)
            #expect(Self.content(folder) == "1060000\n")

            let restarted = LastSyncFile(journalPath: folder + "/terminal.journal", logger: Logger(label: "test.last-sync"))
            #expect(restarted.load(now: 2_000_000) == 1_060_000)
            restarted.record(1_100_000)
            #expect(Self.content(folder) == "1060000\n", "the time read counts as written")
        }
    }

    @Test("a last sync later than the clock at start counts from the start, and is written so (once, not at every start)")
    func clockSetBack() throws {
        try Self.inFolder { file, folder in
            file.record(10_000_000)
            let restarted = LastSyncFile(journalPath: folder + "/terminal.journal", logger: Logger(label: "test.last-sync"))
            #expect(restarted.load(now: 4_000_000) == 4_000_000)
            #expect(Self.content(folder) == "4000000\n")
            let again = LastSyncFile(journalPath: folder + "/terminal.journal", logger: Logger(label: "test.last-sync"))
            #expect(again.load(now: 5_000_000) == 4_000_000, "the window runs from the first start that saw it")
        }
    }

    @Test("a file that does not hold a time is ignored (never synced), and replaced at the next sync")
    func unreadable() throws {
        try Self.inFolder { file, folder in
            try "yesterday\n".write(toFile: folder + "/last-sync", atomically: true, encoding: .utf8)
            #expect(file.load(now: 1_000_000) == nil)
            file.record(1_000_000)
            #expect(Self.content(folder) == "1000000\n")
        }
    }
}
