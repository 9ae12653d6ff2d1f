import BackOfficeStorage
import Foundation
import Logging
import StoreProcesses
import SyncProtocol
import Synchronization
import Testing

@testable import BackOfficePostgres
@testable import BackOfficeSQLite

/// The backends every conformance test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// A new SQLite file in a new temporary directory.
    case sqlite
    /// A new database on the test process's PostgreSQL server.
    case postgres

    var testDescription: String { rawValue }
}

/// A store for one test, with a way around its API for setting up unusual states.
struct TestStore: Sendable {
    let store: any LedgerStore
    /// Runs one SQL statement directly on the store's database.
    let execute: @Sendable (String) async throws -> Void
}

/// Logs only what goes wrong in the store (its conflict warnings are expected in tests).
let quietLogger: Logger = {
    var logger = Logger(label: "backoffice-store-tests")
    logger.logLevel = .error
    return logger
}()

/// A fresh store of `backend`, migrated unless told otherwise, for `body`; closed (and a
/// SQLite file removed) afterwards, whether `body` succeeds or not.
func withStore<T>(_ backend: Backend, migrated: Bool = true, _ body: (TestStore) async throws -> T) async throws -> T {
    switch backend {
    case .sqlite:
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try await SQLiteLedgerStore.open(path: directory + "/store.sqlite", logger: quietLogger)
        return try await using(TestStore(store: store, execute: { try await store.execute($0) }), migrated: migrated, body)
    case .postgres:
        let server = try await PostgresServer.shared()
        let database = try await server.createDatabase(prefix: "store")
        let store = try await PostgresLedgerStore.connect(url: server.url(database: database), logger: quietLogger)
        return try await using(TestStore(store: store, execute: { try await store.execute($0) }), migrated: migrated, body)
    }
}

private func using<T>(_ handle: TestStore, migrated: Bool, _ body: (TestStore) async throws -> T) async throws -> T {
    do {
        if migrated { try await handle.store.migrate() }
        let result = try await body(handle)
        try await handle.store.close()
        return result
    } catch {
        try? await handle.store.close()
        throw error
    }
}

/// A new empty directory under the system's temporary directory.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("backoffice-store-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

// MARK: Transactions

/// 2023-11-14T22:13:20Z, in ms: the tests' clock starts here.
let baseTime: Int64 = 1_700_000_000_000

/// The payload a terminal journals for a sequence (distinct per terminal and sequence).
func payload(terminal: UInt32, sequence: UInt64) -> [UInt8] {
    Array(#"{"terminal":\#(terminal),"sequence":\#(sequence),"points":\#(sequence % 101 * 7)}"#.utf8)
}

/// The transaction `sequence` of `terminal`, recorded a second after the previous one.
func transaction(_ sequence: UInt64, terminal: UInt32 = 1, payload bytes: [UInt8]? = nil) -> UploadedTransaction {
    UploadedTransaction(
        sequence: sequence,
        recordedAt: baseTime &+ Int64(truncatingIfNeeded: sequence) &* 1000,
        payload: bytes ?? payload(terminal: terminal, sequence: sequence)
    )
}

/// The transactions `sequences` of `terminal`, in order.
func transactions(_ sequences: ClosedRange<UInt64>, terminal: UInt32 = 1) -> [UploadedTransaction] {
    sequences.map { transaction($0, terminal: terminal) }
}

/// A transaction's identity in the store.
struct Key: Hashable, Sendable, CustomStringConvertible {
    var terminal: UInt32
    var sequence: UInt64
    var description: String { "\(terminal)#\(sequence)" }
}

extension StoredTransaction {
    var key: Key { Key(terminal: terminal, sequence: sequence) }
}

/// Pulls everything after `after` page by page; returns the transactions and the last cursor.
func pullAll(_ store: any LedgerStore, _ query: PullQuery) async throws -> (transactions: [StoredTransaction], nextAfter: Int64) {
    var query = query
    var all: [StoredTransaction] = []
    while true {
        let page = try await store.pull(query)
        all += page.transactions
        query.after = page.nextAfter
        if !page.more { return (all, page.nextAfter) }
    }
}

/// A flag tasks share: set once, read by others.
final class Flag: Sendable {
    private let state = Mutex(false)

    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
}
