import CSQLite
import Foundation
import SyncProtocol

/// One row as the back office stores it.
struct Row {
    var terminal: UInt32
    var sequence: UInt64
    var recordedAt: Int64
    var receivedAt: Int64
    var payload: [UInt8]
}

/// The reference for the SQLite store: the same rows with a batched `INSERT` straight into
/// SQLite (WAL, `synchronous=FULL`, one transaction per batch, one prepared statement, the same
/// table and indexes), what a developer would write instead of a back office.
enum SQLiteReference {
    static func insert(_ rows: [Row], batch: Int, path: String) throws -> Duration {
        var database: OpaquePointer?
        guard sqlite3_open(path, &database) == SQLITE_OK else { throw BenchFailure("sqlite3_open \(path)") }
        defer { sqlite3_close(database) }
        func execute(_ sql: String) throws {
            guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
                throw BenchFailure("\(sql): \(String(cString: sqlite3_errmsg(database)))")
            }
        }
        try execute("PRAGMA journal_mode=WAL")
        try execute("PRAGMA synchronous=FULL")
        try execute(
            """
            CREATE TABLE journal (position INTEGER PRIMARY KEY AUTOINCREMENT, terminal INTEGER NOT NULL, sequence INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL, received_at INTEGER NOT NULL, payload BLOB NOT NULL, UNIQUE (terminal, sequence)) STRICT
            """)
        try execute("CREATE INDEX journal_recorded_at ON journal (recorded_at)")
        var insert: OpaquePointer?
        guard
            sqlite3_prepare_v2(
                database, "INSERT INTO journal (terminal, sequence, recorded_at, received_at, payload) VALUES (?, ?, ?, ?, ?)", -1, &insert,
                nil) == SQLITE_OK
        else { throw BenchFailure("prepare: \(String(cString: sqlite3_errmsg(database)))") }
        defer { sqlite3_finalize(insert) }
        let start = ContinuousClock.now
        var index = 0
        while index < rows.count {
            try execute("BEGIN")
            for row in rows[index..<min(index + batch, rows.count)] {
                sqlite3_reset(insert)
                sqlite3_bind_int64(insert, 1, Int64(row.terminal))
                sqlite3_bind_int64(insert, 2, Int64(row.sequence))
                sqlite3_bind_int64(insert, 3, row.recordedAt)
                sqlite3_bind_int64(insert, 4, row.receivedAt)
                _ = row.payload.withUnsafeBytes { sqlite3_bind_blob(insert, 5, $0.baseAddress, Int32($0.count), nil) }
                guard sqlite3_step(insert) == SQLITE_DONE else {
                    throw BenchFailure("insert: \(String(cString: sqlite3_errmsg(database)))")
                }
            }
            try execute("COMMIT")
            index += batch
        }
        return ContinuousClock.now - start
    }
}

/// The reference for the PostgreSQL store: `COPY` of the same rows (`psql \copy` from a CSV
/// file), the fastest way into PostgreSQL a developer would pick.
enum PostgresReference {
    static func copy(_ rows: [Row], url: String, folder: String) throws -> Duration {
        let csv = folder + "/rows.csv"
        var text = ""
        text.reserveCapacity(rows.count * 800)
        for row in rows {
            text += "\(row.terminal),\(row.sequence),\(row.recordedAt),\(row.receivedAt),\\x"
            text += row.payload.map { String(format: "%02x", $0) }.joined()
            text += "\n"
        }
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        try psql(
            url,
            """
            CREATE TABLE journal_reference (position bigserial PRIMARY KEY, terminal bigint NOT NULL, sequence bigint NOT NULL,
            recorded_at bigint NOT NULL, received_at bigint NOT NULL, payload bytea NOT NULL, UNIQUE (terminal, sequence));
            CREATE INDEX journal_reference_recorded_at ON journal_reference (recorded_at);
            """)
        let start = ContinuousClock.now
        try psql(url, "\\copy journal_reference (terminal, sequence, recorded_at, received_at, payload) FROM '\(csv)' WITH (FORMAT csv)")
        return ContinuousClock.now - start
    }

    static func psql(_ url: String, _ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", command]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchFailure("psql failed: \(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
        }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
