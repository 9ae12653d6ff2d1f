import CSQLite

/// SQLite in WAL mode with `synchronous=FULL`: one `INSERT` of the same payload per
/// transaction (autocommit), the choice a developer would make instead of a custom journal.
final class SQLiteAppender {
    private var database: OpaquePointer?
    private var insert: OpaquePointer?
    let payload: [UInt8]
    private var sequence: Int64 = 0

    init(path: String, payload: Int) throws {
        self.payload = [UInt8](repeating: 0x5A, count: payload)
        guard sqlite3_open(path, &database) == SQLITE_OK else { throw BenchError("sqlite3_open \(path)") }
        try execute("PRAGMA journal_mode=WAL")
        try execute("PRAGMA synchronous=FULL")
        try execute("CREATE TABLE IF NOT EXISTS journal (sequence INTEGER PRIMARY KEY, timestamp INTEGER NOT NULL, payload BLOB NOT NULL)")
        guard
            sqlite3_prepare_v2(database, "INSERT INTO journal (sequence, timestamp, payload) VALUES (?, ?, ?)", -1, &insert, nil)
                == SQLITE_OK
        else { throw BenchError("prepare: \(String(cString: sqlite3_errmsg(database)))") }
    }

    func append() throws {
        sequence += 1
        sqlite3_reset(insert)
        sqlite3_bind_int64(insert, 1, sequence)
        sqlite3_bind_int64(insert, 2, Int64(nowNanoseconds() / 1_000_000))
        _ = payload.withUnsafeBytes { sqlite3_bind_blob(insert, 3, $0.baseAddress, Int32($0.count), nil) }
        guard sqlite3_step(insert) == SQLITE_DONE else { throw BenchError("insert: \(String(cString: sqlite3_errmsg(database)))") }
    }

    private func execute(_ sql: String) throws {
        guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
            throw BenchError("\(sql): \(String(cString: sqlite3_errmsg(database)))")
        }
    }

    deinit {
        sqlite3_finalize(insert)
        sqlite3_close(database)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
