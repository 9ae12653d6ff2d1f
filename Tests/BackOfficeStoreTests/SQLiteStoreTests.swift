import BackOfficeStorage
import Foundation
import SyncProtocol
import Testing

@testable import BackOfficeSQLite

/// What only the SQLite backend promises: a durable file that a new process finds intact.
@Suite("SQLite store", .timeLimit(.minutes(1)))
struct SQLiteStoreTests {
    @Test("the file is in WAL mode with synchronous=FULL")
    func durabilitySettings() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try await SQLiteLedgerStore.open(path: directory + "/store.sqlite", logger: quietLogger)
        do {
            try await store.migrate()
            #expect(try await store.pragma("journal_mode") == "wal")
            #expect(try await store.pragma("synchronous") == "2")
            #expect(try await store.pragma("busy_timeout") == String(SQLiteLedgerStore.busyTimeoutMilliseconds))
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    @Test("everything is still there after closing and opening the file again")
    func reopen() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/backoffice.sqlite"
        let terminal = EnrolledTerminal(id: 5, publicKey: [0x04] + Array(repeating: 0x55, count: 64), label: "till", enrolledAt: baseTime)
        let user = BackOfficeUser(name: "carol", role: .auditor, tokenDigest: Array(repeating: 0x5C, count: 32), createdAt: baseTime)
        let alarm = Alarm(at: baseTime, kind: "bad-signature", terminal: 5, detail: "refused")

        let before: PullPage
        do {
            let store = try await SQLiteLedgerStore.open(path: path, logger: quietLogger)
            try await store.migrate()
            _ = try await store.ingest(terminal: 5, transactions(1...40, terminal: 5), receivedAt: baseTime)
            _ = try await store.ingest(terminal: 5, transactions(45...50, terminal: 5), receivedAt: baseTime)
            try await store.enrol(terminal)
            try await store.revoke(terminal: 5, at: baseTime + 1, reason: "lost")
            try await store.addUser(user)
            _ = try await store.publish(
                kind: .programme, version: 1, step: Array("programme".utf8), snapshot: Array("programme".utf8), at: baseTime)
            #expect(try await store.useNonce(terminal: 5, nonce: "abc", expiresAt: baseTime + 1000))
            try await store.raise(alarm)
            before = try await store.pull(PullQuery())
            try await store.close()
        }
        #expect(FileManager.default.fileExists(atPath: path))

        let store = try await SQLiteLedgerStore.open(path: path, logger: quietLogger)
        do {
            try await store.migrate()
            #expect(try await store.storedThrough(terminal: 5) == 40)
            let after = try await store.pull(PullQuery())
            #expect(after == before)
            #expect(after.transactions.count == 46)
            var revoked = terminal
            revoked.revokedAt = baseTime + 1
            revoked.revocationReason = "lost"
            #expect(try await store.terminal(5) == revoked)
            #expect(try await store.user(tokenDigest: user.tokenDigest) == user)
            #expect(try await store.latest(.programme)?.body == Array("programme".utf8))
            #expect(try await store.useNonce(terminal: 5, nonce: "abc", expiresAt: baseTime + 1000) == false)
            #expect(try await store.alarms(limit: 5) == [alarm])
            // Ingesting continues where it stopped: filling 41...44 reaches 50.
            #expect(try await store.ingest(terminal: 5, transactions(41...44, terminal: 5), receivedAt: baseTime).storedThrough == 50)
            // Positions keep increasing after the reopen.
            let newer = try await store.pull(PullQuery(after: after.nextAfter))
            #expect(newer.transactions.count == 4)
            #expect(newer.transactions.allSatisfy { $0.position > after.nextAfter })
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    @Test("a second store on the same file sees the first one's commits")
    func twoConnectionsOneFile() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/shared.sqlite"
        let writer = try await SQLiteLedgerStore.open(path: path, logger: quietLogger)
        let other = try await SQLiteLedgerStore.open(path: path, logger: quietLogger)
        do {
            try await writer.migrate()
            try await other.migrate()
            _ = try await writer.ingest(terminal: 1, transactions(1...3), receivedAt: baseTime)
            #expect(try await other.storedThrough(terminal: 1) == 3)
            // Both write in turn (the busy timeout waits for the other's lock).
            async let first = writer.ingest(terminal: 1, transactions(4...200), receivedAt: baseTime)
            async let second = other.ingest(terminal: 2, transactions(1...200, terminal: 2), receivedAt: baseTime)
            let reports = try await [first, second]
            #expect(reports.map(\.storedThrough) == [200, 200])
            #expect(try await pullAll(other, PullQuery(limit: 50)).transactions.count == 400)
            try await writer.close()
            try await other.close()
        } catch {
            try? await writer.close()
            try? await other.close()
            throw error
        }
    }

    @Test("an in-memory store works for trials")
    func inMemory() async throws {
        let store = try await SQLiteLedgerStore.open(path: ":memory:", logger: quietLogger)
        do {
            try await store.migrate()
            #expect(try await store.ingest(terminal: 1, transactions(1...5), receivedAt: baseTime).storedThrough == 5)
            #expect(try await store.pull(PullQuery()).transactions.count == 5)
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }
}
