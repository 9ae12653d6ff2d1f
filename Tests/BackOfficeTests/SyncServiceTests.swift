import CardProfile
import Foundation
import Logging
import LoyaltyJournal
import SyncProtocol
import TerminalSync
import Testing
import Timekeeping

/// The terminal's sync service (in this process, on a real journal file) against a real back
/// office process over HTTP on loopback.
@Suite("Sync service against a real back office", .serialized)
struct SyncServiceTests {
    static func journal(in directory: String, records: Int = 2048) throws -> Journal {
        try Journal.create(
            path: directory + "/terminal.journal", size: Int64(records * 512 + 8192), layout: JournalLayout(recordSize: 512),
            options: JournalOptions(clock: SystemWallTime()))
    }

    static func append(_ journal: Journal, count: Int, terminal: UInt32) throws {
        for _ in 0..<count {
            let next = try journal.statistics().lastSequence + 1
            _ = try journal.append(Array(#"{"kind":"sale","requestId":"T\#(terminal)-\#(next)"}"#.utf8))
        }
    }

    static func service(_ journal: Journal, _ fixture: BackOfficeFixture, terminal: UInt32 = 7, batch: Int = 50) throws -> SyncService {
        SyncService(
            journal: journal, credential: try fixture.credential(terminal),
            settings: SyncSettings(
                url: fixture.server.url, timeout: .seconds(5), maximumBatchTransactions: batch, idleInterval: .milliseconds(100),
                initialBackoff: .milliseconds(50), maximumBackoff: .milliseconds(500)),
            client: fixture.client, logger: Logger(label: "test.sync"), wallTime: SystemWallTime())
    }

    @Test(
        "uploads everything in batches, moves the sync mark to what is stored, and the store holds each once",
        arguments: BackOfficeFixture.Backend.allCases)
    func uploadsAll(backend: BackOfficeFixture.Backend) async throws {
        try await BackOfficeFixture.run(terminals: [7], backend: backend) { fixture in
            let journal = try Self.journal(in: fixture.directory)
            defer { try? journal.close() }
            try Self.append(journal, count: 230, terminal: 7)
            let sync = try Self.service(journal, fixture)
            var steps: [SyncService.Step] = []
            while true {
                let step = await sync.step()
                if step == .idle { break }
                steps.append(step)
                guard steps.count < 20 else {
                    Issue.record("no end: \(steps)")
                    break
                }
            }
            #expect(
                steps == [
                    .uploaded(transactions: 50, through: 50), .uploaded(transactions: 50, through: 100),
                    .uploaded(transactions: 50, through: 150),
                    .uploaded(transactions: 50, through: 200), .uploaded(transactions: 30, through: 230),
                ])
            #expect(try journal.statistics().syncedSequence == 230)
            let stored = try await fixture.pullAll()
            #expect(stored.map(\.sequence) == Array(1...230))
            #expect(stored[41].entry.contains("T7-42"))
        }
    }

    @Test(
        "with the back office down the mark stays; when it returns the service catches up by itself",
        arguments: BackOfficeFixture.Backend.allCases)
    func outageAndReturn(backend: BackOfficeFixture.Backend) async throws {
        try await BackOfficeFixture.run(terminals: [7], backend: backend) { fixture in
            let journal = try Self.journal(in: fixture.directory)
            defer { try? journal.close() }
            let sync = try Self.service(journal, fixture)
            let running = Task { try await sync.run() }
            defer { running.cancel() }

            try Self.append(journal, count: 20, terminal: 7)
            try await Self.waitUntilSynced(journal, through: 20)
            try await fixture.server.stop(signal: SIGKILL)
            try Self.append(journal, count: 30, terminal: 7)
            sync.journalAppended()
            try await Task.sleep(for: .seconds(1))
            #expect(try journal.statistics().syncedSequence == 20, "nothing acknowledged while the back office is down")

            try await fixture.server.start()
            try await Self.waitUntilSynced(journal, through: 50)
            let stored = try await fixture.pullAll()
            #expect(stored.map(\.sequence) == Array(1...50))
        }
    }

    @Test("a revoked terminal is refused and its mark does not move")
    func revoked() async throws {
        try await BackOfficeFixture.run(terminals: [7]) { fixture in
            let journal = try Self.journal(in: fixture.directory)
            defer { try? journal.close() }
            try Self.append(journal, count: 5, terminal: 7)
            try await BackOfficeFixture.check(fixture.server.command(["terminal", "revoke", "7"]))
            let step = await (try Self.service(journal, fixture)).step()
            guard case .refused(403, let reason) = step else {
                Issue.record("\(step)")
                return
            }
            #expect(reason.contains("revoked"))
            #expect(try journal.statistics().syncedSequence == 0)
        }
    }

    static func waitUntilSynced(_ journal: Journal, through: UInt64, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while try journal.statistics().syncedSequence < through {
            guard ContinuousClock.now < deadline else {
                throw BackOfficeTestError("not synced through \(through) in \(timeout): at \(try journal.statistics().syncedSequence)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

struct BackOfficeTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
