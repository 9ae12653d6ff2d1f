import BackOfficeStorage
import Logging
import SQLiteNIO
import SyncProtocol

/// Why the SQLite store refused, beyond ``LedgerStoreError``.
public enum SQLiteLedgerStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stored value is not of the type the schema says (something else wrote the file).
    case unexpectedValue(column: String)

    public var description: String {
        switch self {
        case .unexpectedValue(let column): "the database holds an unexpected value in column \(column)"
        }
    }
}

/// The back office store in one SQLite file: the default backend.
///
/// The file is in WAL mode with `synchronous=FULL`, so a committed ingest survives a power
/// loss. One connection writes (writers take turns inside the store, so each transaction runs
/// alone on it and positions commit in order); a second connection reads, so pulls see
/// committed data only and never wait for an ingest.
///
/// Call ``migrate()`` before anything else, and ``close()`` when done.
public final class SQLiteLedgerStore: LedgerStore {
    /// The database file.
    public let path: String
    let writer: SQLiteConnection
    /// A second connection for reads; the writer itself for an in-memory database.
    let reader: SQLiteConnection
    let gate = SerialGate()
    let logger: Logger

    /// How long a statement waits for another process holding the file's lock.
    public static let busyTimeoutMilliseconds = 10_000
    /// Rows per INSERT statement (3 variables each, well under SQLite's 32766).
    static let rowsPerInsert = 5_000

    private init(path: String, writer: SQLiteConnection, reader: SQLiteConnection, logger: Logger) {
        self.path = path
        self.writer = writer
        self.reader = reader
        self.logger = logger
    }

    /// Opens (creating it if needed) the store in the SQLite file at `path`: WAL mode,
    /// `synchronous=FULL`, a busy timeout. `":memory:"` gives a private in-memory store (for
    /// trials only: nothing of it is durable).
    ///
    /// Does not touch the schema: call ``migrate()`` next.
    public static func open(path: String, logger: Logger = Logger(label: "backoffice.store.sqlite")) async throws -> SQLiteLedgerStore {
        let inMemory = path == ":memory:"
        let writer = try await SQLiteConnection.open(storage: inMemory ? .memory : .file(path: path), logger: logger)
        var reader: SQLiteConnection?
        do {
            try await configure(writer, path: path, inMemory: inMemory, logger: logger)
            if !inMemory {
                let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                reader = connection
                try await configure(connection, path: path, inMemory: inMemory, logger: logger)
            }
        } catch {
            try? await reader?.close()
            try? await writer.close()
            throw error
        }
        logger.debug("opened the SQLite store", metadata: ["path": "\(path)"])
        return SQLiteLedgerStore(path: path, writer: writer, reader: reader ?? writer, logger: logger)
    }

    private static func configure(_ connection: SQLiteConnection, path: String, inMemory: Bool, logger: Logger) async throws {
        // The busy timeout first, so switching to WAL waits for another process's lock.
        _ = try await connection.query("PRAGMA busy_timeout = \(busyTimeoutMilliseconds)")
        if !inMemory {
            let mode = try await connection.query("PRAGMA journal_mode = WAL").first?.columns.first?.data.string
            if mode?.lowercased() != "wal" {
                logger.warning(
                    "SQLite did not switch to WAL mode; commits stay durable but readers wait for writers",
                    metadata: ["path": "\(path)", "mode": "\(mode ?? "?")"])
            }
        }
        _ = try await connection.query("PRAGMA synchronous = FULL")
    }

    // MARK: Running statements

    /// Runs `body` on the write connection, alone, and to its end even if the caller is
    /// cancelled (a transaction must end in COMMIT or ROLLBACK, never half way).
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        let gate = self.gate
        let writer = self.writer
        return try await Task {
            try await gate.run { try await body(writer) }
        }.value
    }

    /// Runs `body` on the read connection (with the writers when there is only one connection).
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        if reader === writer { return try await write(body) }
        return try await body(reader)
    }

    /// Runs `body` in one transaction on `connection`: committed when it returns, rolled back
    /// when it throws. `immediate` takes the write lock at the start.
    static func transaction<T>(_ connection: SQLiteConnection, immediate: Bool = true, _ body: () async throws -> T) async throws -> T {
        _ = try await connection.query(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try await body()
            _ = try await connection.query("COMMIT")
            return result
        } catch {
            // A failed COMMIT or statement may already have ended the transaction; then this fails
            // harmlessly.
            _ = try? await connection.query("ROLLBACK")
            throw error
        }
    }

    // MARK: Schema

    /// Creates the schema, or brings an older one up to date, in one transaction. Refuses a
    /// database whose schema is newer than this program (``LedgerStoreError/schemaTooNew(found:known:)``).
    public func migrate() async throws {
        let logger = self.logger
        try await write { db in
            try await Self.transaction(db) {
                _ = try await db.query(SQLiteSchema.createVersionTable)
                let found =
                    try await db.query("SELECT coalesce(max(version), 0) FROM schema_version")
                    .first.map { try Self.int64($0.columns[0].data, "schema_version.version") } ?? 0
                let known = SQLiteSchema.knownVersion
                guard found <= known else {
                    throw LedgerStoreError.schemaTooNew(found: Int(found), known: known)
                }
                guard found < known else { return }
                for version in (Int(found) + 1)...known {
                    for statement in SQLiteSchema.migrations[version - 1] {
                        _ = try await db.query(statement)
                    }
                    _ = try await db.query(
                        "INSERT INTO schema_version (version, applied_at) VALUES (?1, CAST(unixepoch('subsec') * 1000 AS INTEGER))",
                        [.integer(.init(version))]
                    )
                    logger.info("migrated the SQLite store", metadata: ["version": "\(version)"])
                }
            }
        }
    }

    // MARK: Journal

    /// Stores a terminal's transactions in one transaction (see ``LedgerStore/ingest(terminal:_:receivedAt:)``).
    ///
    /// One SELECT finds the rows of the batch's range already stored, multi-row INSERTs store
    /// the new ones, one statement advances and returns `stored_through`, and the COMMIT is
    /// durable (WAL, `synchronous=FULL`) before this returns.
    public func ingest(terminal: UInt32, _ transactions: [UploadedTransaction], receivedAt: Int64) async throws -> IngestReport {
        try await ingest(transactions, terminal: terminal, receivedAt: receivedAt) { batch in
            try await write { db in
                try await Self.transaction(db) {
                    try await Self.ingest(batch, total: transactions.count, terminal: terminal, receivedAt: receivedAt, on: db)
                }
            }
        }
    }

    private static func ingest(_ batch: IngestBatch, total: Int, terminal: UInt32, receivedAt: Int64, on db: SQLiteConnection) async throws
        -> IngestReport
    {
        let stored = try await storedPayloads(of: batch, terminal: terminal, on: db)
        var fresh: [UploadedTransaction] = []
        fresh.reserveCapacity(batch.unique.count)
        for transaction in batch.unique {
            guard let existing = stored[transaction.sequence] else {
                fresh.append(transaction)
                continue
            }
            guard existing.readableBytesView.elementsEqual(transaction.payload) else {
                throw StoredConflict(
                    sequence: transaction.sequence,
                    detail: "sequence \(transaction.sequence) uploaded with a payload of \(transaction.payload.count) bytes "
                        + "that differs from the stored one (\(existing.readableBytes) bytes)"
                )
            }
        }
        var start = fresh.startIndex
        while start < fresh.endIndex {
            let end = min(start + rowsPerInsert, fresh.endIndex)
            let rows = fresh[start..<end]
            var binds: [SQLiteData] = [.integer(.init(terminal)), .integer(.init(receivedAt))]
            binds.reserveCapacity(2 + 3 * rows.count)
            for row in rows {
                binds.append(.integer(.init(Int64(row.sequence))))
                binds.append(.integer(.init(row.recordedAt)))
                binds.append(.blob(ByteBuffer(bytes: row.payload)))
            }
            _ = try await db.query(insertStatement(rows: rows.count), binds)
            start = end
        }
        let through = try await advance(terminal: terminal, run: batch.lowest...batch.leadingRunEnd, on: db)
        return IngestReport(storedThrough: through, stored: fresh.count, duplicates: total - fresh.count)
    }

    /// The payloads already stored for the batch's sequences: one range scan for a contiguous
    /// batch (the usual upload), the listed sequences otherwise.
    private static func storedPayloads(of batch: IngestBatch, terminal: UInt32, on db: SQLiteConnection) async throws -> [UInt64:
        ByteBuffer]
    {
        var found: [UInt64: ByteBuffer] = [:]
        func collect(_ rows: [SQLiteRow]) throws {
            for row in rows {
                let columns = row.columns
                found[UInt64(try int64(columns[0].data, "journal.sequence"))] = try blob(columns[1].data, "journal.payload")
            }
        }
        let contiguous = batch.highest - batch.lowest + 1 == UInt64(batch.unique.count)
        if contiguous {
            try collect(
                try await db.query(
                    "SELECT sequence, payload FROM journal WHERE terminal = ?1 AND sequence BETWEEN ?2 AND ?3",
                    [.integer(.init(terminal)), .integer(.init(Int64(batch.lowest))), .integer(.init(Int64(batch.highest)))]
                ))
        } else {
            var start = batch.unique.startIndex
            while start < batch.unique.endIndex {
                let end = min(start + 3 * rowsPerInsert, batch.unique.endIndex)
                let count = end - start
                let placeholders = (0..<count).map { "?\($0 + 2)" }.joined(separator: ",")
                var binds: [SQLiteData] = [.integer(.init(terminal))]
                binds.reserveCapacity(count + 1)
                for transaction in batch.unique[start..<end] { binds.append(.integer(.init(Int64(transaction.sequence)))) }
                try collect(
                    try await db.query(
                        "SELECT sequence, payload FROM journal WHERE terminal = ?1 AND sequence IN (\(placeholders))", binds
                    ))
                start = end
            }
        }
        return found
    }

    /// `INSERT ... VALUES` for `rows` rows: ?1 is the terminal and ?2 the receiving time, shared
    /// by all rows; each row then binds its sequence, recording time and payload.
    private static func insertStatement(rows: Int) -> String {
        var sql = "INSERT INTO journal (terminal, sequence, recorded_at, received_at, payload) VALUES "
        sql.reserveCapacity(sql.utf8.count + rows * 32)
        for row in 0..<rows {
            let first = 3 + 3 * row
            if row > 0 { sql += "," }
            sql += "(?1,?\(first),?\(first + 1),?2,?\(first + 2))"
        }
        return sql
    }

    /// Advances `progress.stored_through` over every sequence stored contiguously after it,
    /// and returns it. The end of the run is the first stored sequence after the old value whose
    /// successor is missing (when the old value's successor is stored at all). Never decreases.
    ///
    /// ?2 + 1...?3 is a run of sequences just stored (the batch's leading run): when it starts at
    /// or before the old value's successor, the walk starts at its end instead of probing it row
    /// by row. The CASEs keep `+ 1` away from the largest integer.
    private static let advanceStatement = """
        INSERT INTO progress (terminal, stored_through)
        SELECT ?1, CASE
            WHEN base.through = 9223372036854775807 THEN base.through
            WHEN EXISTS (SELECT 1 FROM journal WHERE terminal = ?1 AND sequence = base.through + 1) THEN (
                SELECT j.sequence FROM journal AS j
                WHERE j.terminal = ?1 AND j.sequence > base.through
                  AND CASE WHEN j.sequence = 9223372036854775807 THEN 1
                      ELSE NOT EXISTS (SELECT 1 FROM journal AS k WHERE k.terminal = ?1 AND k.sequence = j.sequence + 1) END
                ORDER BY j.sequence LIMIT 1)
            ELSE base.through END
        FROM (
            SELECT CASE WHEN stored.through >= ?2 THEN max(stored.through, ?3) ELSE stored.through END AS through
            FROM (SELECT coalesce((SELECT stored_through FROM progress WHERE terminal = ?1), 0) AS through) AS stored
        ) AS base
        WHERE true
        ON CONFLICT (terminal) DO UPDATE SET stored_through = max(stored_through, excluded.stored_through)
        RETURNING stored_through
        """

    private static func advance(terminal: UInt32, run: ClosedRange<UInt64>, on db: SQLiteConnection) async throws -> UInt64 {
        let rows = try await db.query(
            advanceStatement,
            [
                .integer(.init(terminal)), .integer(.init(Int64(run.lowerBound) - 1)), .integer(.init(Int64(run.upperBound))),
            ])
        guard let row = rows.first else { throw SQLiteLedgerStoreError.unexpectedValue(column: "progress.stored_through") }
        return UInt64(try int64(row.columns[0].data, "progress.stored_through"))
    }

    /// The highest sequence `s` such that 1...s are all stored for `terminal` (0: none).
    public func storedThrough(terminal: UInt32) async throws -> UInt64 {
        try await read { db in
            let rows = try await db.query("SELECT stored_through FROM progress WHERE terminal = ?1", [.integer(.init(terminal))])
            guard let row = rows.first else { return 0 }
            return UInt64(try Self.int64(row.columns[0].data, "progress.stored_through"))
        }
    }

    /// One page of stored transactions after `query.after`, in position order.
    ///
    /// One statement reads the page and the highest position in the same snapshot, so a page
    /// with fewer than `limit` matches resumes after everything that existed (no rescans of
    /// filtered-out rows) and nothing committed later is skipped: a single writer commits
    /// positions in increasing order. A `limit` below 1 counts as 1.
    public func pull(_ query: PullQuery) async throws -> PullPage {
        let limit = max(1, query.limit)
        var conditions = ["position > ?1"]
        var binds: [SQLiteData] = [.integer(.init(query.after))]
        if let terminal = query.terminal {
            binds.append(.integer(.init(terminal)))
            conditions.append("terminal = ?\(binds.count)")
        }
        if let from = query.recordedFrom {
            binds.append(.integer(.init(from)))
            conditions.append("recorded_at >= ?\(binds.count)")
        }
        if let before = query.recordedBefore {
            binds.append(.integer(.init(before)))
            conditions.append("recorded_at < ?\(binds.count)")
        }
        binds.append(.integer(.init(limit)))
        let sql = """
            SELECT * FROM (
                SELECT position, terminal, sequence, recorded_at, received_at, payload FROM journal
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY position LIMIT ?\(binds.count)
            )
            UNION ALL
            SELECT coalesce(max(position), 0), NULL, NULL, NULL, NULL, NULL FROM journal
            """
        let statementBinds = binds
        let rows = try await read { db in try await db.query(sql, statementBinds) }
        var transactions: [StoredTransaction] = []
        transactions.reserveCapacity(rows.count)
        var top: Int64 = 0
        for row in rows {
            let columns = row.columns
            if columns[1].data.isNull {
                top = try Self.int64(columns[0].data, "max(journal.position)")
                continue
            }
            transactions.append(
                StoredTransaction(
                    position: try Self.int64(columns[0].data, "journal.position"),
                    terminal: try Self.uint32(columns[1].data, "journal.terminal"),
                    sequence: UInt64(try Self.int64(columns[2].data, "journal.sequence")),
                    recordedAt: try Self.int64(columns[3].data, "journal.recorded_at"),
                    receivedAt: try Self.int64(columns[4].data, "journal.received_at"),
                    payload: Array(try Self.blob(columns[5].data, "journal.payload").readableBytesView)
                ))
        }
        transactions.sort { $0.position < $1.position }
        if transactions.count == limit, let last = transactions.last {
            return PullPage(transactions: transactions, nextAfter: last.position, more: true)
        }
        return PullPage(transactions: transactions, nextAfter: max(query.after, top), more: false)
    }

    /// Closes both connections, after any write under way.
    public func close() async throws {
        let reader = self.reader
        try await write { writer in
            if reader !== writer { try await reader.close() }
            try await writer.close()
        }
    }

    // MARK: Values

    static func int64(_ data: SQLiteData, _ column: String) throws -> Int64 {
        guard case .integer(let value) = data else { throw SQLiteLedgerStoreError.unexpectedValue(column: column) }
        return Int64(value)
    }

    static func optionalInt64(_ data: SQLiteData, _ column: String) throws -> Int64? {
        data.isNull ? nil : try int64(data, column)
    }

    static func uint32(_ data: SQLiteData, _ column: String) throws -> UInt32 {
        guard let value = UInt32(exactly: try int64(data, column)) else { throw SQLiteLedgerStoreError.unexpectedValue(column: column) }
        return value
    }

    static func text(_ data: SQLiteData, _ column: String) throws -> String {
        guard case .text(let value) = data else { throw SQLiteLedgerStoreError.unexpectedValue(column: column) }
        return value
    }

    static func blob(_ data: SQLiteData, _ column: String) throws -> ByteBuffer {
        guard case .blob(let buffer) = data else { throw SQLiteLedgerStoreError.unexpectedValue(column: column) }
        return buffer
    }

    static func bytes(_ data: SQLiteData, _ column: String) throws -> [UInt8] {
        Array(try blob(data, column).readableBytesView)
    }
}

// MARK: Maintenance

extension SQLiteLedgerStore {
    /// Runs one SQL statement on the write connection, in its turn (tests use it to reach
    /// states the store's API cannot, such as a newer schema).
    func execute(_ sql: String) async throws {
        try await write { db in _ = try await db.query(sql) }
    }

    /// The value of a PRAGMA on the write connection, as text (`journal_mode`: `wal`;
    /// `synchronous`: `2` for FULL).
    func pragma(_ name: String) async throws -> String? {
        try await write { db in
            guard let data = try await db.query("PRAGMA \(name)").first?.columns.first?.data else { return nil }
            switch data {
            case .integer(let value): return String(value)
            case .text(let value): return value
            default: return nil
            }
        }
    }
}
