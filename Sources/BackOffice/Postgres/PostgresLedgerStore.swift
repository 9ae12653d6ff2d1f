import BackOfficeStorage
import Logging
import PostgresNIO
import ServiceLifecycle
import SyncProtocol

/// Why the PostgreSQL store refused, beyond ``LedgerStoreError``.
public enum PostgresLedgerStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stored value is not what the schema says (something else wrote the database).
    case unexpectedValue(column: String)
    /// The `postgres://` URL cannot be used.
    case invalidURL(reason: String)
    /// The server cannot be reached or refused the login (the server's own words when it
    /// answered).
    case cannotConnect(reason: String)

    public var description: String {
        switch self {
        case .unexpectedValue(let column): "the database holds an unexpected value in column \(column)"
        case .invalidURL(let reason): "the PostgreSQL URL cannot be used: \(reason)"
        case .cannotConnect(let reason): "cannot connect to PostgreSQL: \(reason)"
        }
    }
}

/// The back office store in a PostgreSQL database, which several stateless back-office
/// servers may share.
///
/// Every ingest takes one transaction-scoped advisory lock first, so ingests from all servers
/// run one at a time: positions are assigned and committed in increasing order, which is what
/// lets pulls resume after a position without missing anything. A commit is durable when the
/// server acknowledges it (PostgreSQL's normal commit).
///
/// Its connection pool runs either as a service of the process's `ServiceGroup` (the server:
/// ``connect(configuration:runsPool:logger:)`` with `runsPool: false`, then ``run()`` in the
/// group), or by itself for a one-shot command or a test (the default). Call ``migrate()``
/// before anything else, and ``close()`` when done.
public final class PostgresLedgerStore: LedgerStore, Service {
    let client: PostgresClient
    /// The pool's run when the store started it itself.
    private let running: Task<Void, Never>?
    let logger: Logger

    private init(client: PostgresClient, running: Task<Void, Never>?, logger: Logger) {
        self.client = client
        self.running = running
        self.logger = logger
    }

    /// Runs the connection pool until graceful shutdown or cancellation (for a store made with
    /// `runsPool: false`). Statements wait until it runs.
    public func run() async throws {
        precondition(running == nil, "this store runs its own pool")
        await cancelWhenGracefulShutdown { await self.client.run() }
    }

    /// Connects to the database `configuration` describes: first one connection, to fail fast
    /// with the server's own answer (refused, no such database, wrong password:
    /// ``PostgresLedgerStoreError/cannotConnect(reason:)``), then the pool, which opens
    /// connections as needed. Does not touch the schema: call ``migrate()`` next.
    public static func connect(
        configuration: Configuration, runsPool: Bool = true,
        logger: Logger = Logger(label: "backoffice.store.postgres")
    ) async throws -> PostgresLedgerStore {
        let probe: PostgresConnection
        do {
            probe = try await PostgresConnection.connect(
                on: PostgresClient.defaultEventLoopGroup.any(),
                configuration: try configuration.connectionConfiguration(),
                id: 0,
                logger: logger
            ).get()
        } catch let error as PSQLError {
            // PSQLError's own description hides everything; the server's message and the network
            // error say what is wrong without repeating the password.
            let reason = error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
            throw PostgresLedgerStoreError.cannotConnect(reason: reason)
        }
        try? await probe.close()
        guard runsPool else {
            let client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
            return PostgresLedgerStore(client: client, running: nil, logger: logger)
        }
        return try await connect(clientConfiguration: configuration.clientConfiguration, logger: logger)
    }

    /// Connects to the database a `postgres://USER:PASSWORD@HOST:PORT/DATABASE` URL names
    /// (see ``Configuration/init(url:)`` for the accepted forms).
    public static func connect(
        url: String, runsPool: Bool = true, logger: Logger = Logger(label: "backoffice.store.postgres")
    ) async throws -> PostgresLedgerStore {
        try await connect(configuration: Configuration(url: url), runsPool: runsPool, logger: logger)
    }

    /// Connects with a connection pool configured in full by the caller, and checks that the
    /// database answers. An unreachable server or a refused login surfaces only when the pool
    /// gives up (about a minute); ``connect(configuration:logger:)`` fails at once.
    public static func connect(
        clientConfiguration: PostgresClient.Configuration,
        logger: Logger = Logger(label: "backoffice.store.postgres")
    ) async throws -> PostgresLedgerStore {
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        let running = Task { await client.run() }
        do {
            try await client.query("SELECT 1", logger: logger)
        } catch {
            running.cancel()
            await running.value
            throw error
        }
        logger.debug("connected to the PostgreSQL store")
        return PostgresLedgerStore(client: client, running: running, logger: logger)
    }

    /// Stops the connection pool the store runs itself (a pool run as a service stops with its
    /// group); the store is not used afterwards.
    public func close() async throws {
        running?.cancel()
        await running?.value
    }

    // MARK: Running statements

    /// Runs `body` in one transaction on a leased connection, to its end even if the caller is
    /// cancelled: committed when it returns, rolled back when it throws. A connection whose
    /// rollback fails is closed, so the pool never lends it out in the middle of a transaction.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let client = self.client
        let logger = self.logger
        return try await Task {
            try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    do {
                        try await connection.query("ROLLBACK", logger: logger)
                    } catch {
                        try? await connection.close()
                    }
                    throw error
                }
            }
        }.value
    }

    /// Runs one statement on any pooled connection and returns its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    static func lock(_ key: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        _ = try await connection.query("SELECT pg_advisory_xact_lock(\(key))", logger: logger).collect()
    }

    // MARK: Schema

    /// Creates the schema, or brings an older one up to date, in one transaction under an
    /// advisory lock (servers starting together take turns). Refuses a database whose schema
    /// is newer than this program (``LedgerStoreError/schemaTooNew(found:known:)``).
    public func migrate() async throws {
        let logger = self.logger
        try await transaction { connection in
            try await Self.lock(PostgresSchema.Lock.migrate, on: connection, logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: PostgresSchema.createVersionTable), logger: logger)
            var found = 0
            for try await version in try await connection.query(
                "SELECT coalesce(max(version), 0)::bigint FROM schema_version", logger: logger
            ).decode(Int64.self) {
                found = Int(version)
            }
            let known = PostgresSchema.knownVersion
            guard found <= known else { throw LedgerStoreError.schemaTooNew(found: found, known: known) }
            guard found < known else { return }
            for version in (found + 1)...known {
                for statement in PostgresSchema.migrations[version - 1] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_version (version, applied_at) VALUES (\(version), (extract(epoch FROM clock_timestamp()) * 1000)::bigint)",
                    logger: logger
                )
                logger.info("migrated the PostgreSQL store", metadata: ["version": "\(version)"])
            }
        }
    }

    // MARK: Journal

    /// Stores a terminal's transactions in one transaction (see ``LedgerStore/ingest(terminal:_:receivedAt:)``).
    ///
    /// Under the ingest lock: one SELECT finds the rows of the batch's range already stored,
    /// one `INSERT ... SELECT FROM unnest(...)` stores the new ones from three arrays, one
    /// statement advances and returns `stored_through`; then COMMIT.
    public func ingest(terminal: UInt32, _ transactions: [UploadedTransaction], receivedAt: Int64) async throws -> IngestReport {
        let logger = self.logger
        return try await ingest(transactions, terminal: terminal, receivedAt: receivedAt) { batch in
            try await transaction { connection in
                try await Self.ingest(
                    batch, total: transactions.count, terminal: terminal, receivedAt: receivedAt, on: connection, logger: logger)
            }
        }
    }

    private static func ingest(
        _ batch: IngestBatch, total: Int, terminal: UInt32, receivedAt: Int64,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> IngestReport {
        try await lock(PostgresSchema.Lock.ingest, on: connection, logger: logger)
        let terminalID = Int64(terminal)

        // What is stored already, for the batch's sequences only.
        let existing: PostgresRowSequence
        if batch.highest - batch.lowest + 1 == UInt64(batch.unique.count) {
            existing = try await connection.query(
                """
                SELECT sequence, payload FROM journal
                WHERE terminal = \(terminalID) AND sequence BETWEEN \(Int64(batch.lowest)) AND \(Int64(batch.highest))
                """, logger: logger)
        } else {
            let sequences = batch.unique.map { Int64($0.sequence) }
            existing = try await connection.query(
                "SELECT sequence, payload FROM journal WHERE terminal = \(terminalID) AND sequence = ANY(\(sequences))",
                logger: logger
            )
        }
        var stored: [UInt64: ByteBuffer] = [:]
        for try await (sequence, payload) in existing.decode((Int64, ByteBuffer).self) {
            stored[UInt64(sequence)] = payload
        }

        var sequences: [Int64] = []
        var recordedAt: [Int64] = []
        var payloads: [ByteBuffer] = []
        sequences.reserveCapacity(batch.unique.count)
        recordedAt.reserveCapacity(batch.unique.count)
        payloads.reserveCapacity(batch.unique.count)
        for transaction in batch.unique {
            if let existing = stored[transaction.sequence] {
                guard existing.readableBytesView.elementsEqual(transaction.payload) else {
                    throw StoredConflict(
                        sequence: transaction.sequence,
                        detail: "sequence \(transaction.sequence) uploaded with a payload of \(transaction.payload.count) bytes "
                            + "that differs from the stored one (\(existing.readableBytes) bytes)"
                    )
                }
                continue
            }
            sequences.append(Int64(transaction.sequence))
            recordedAt.append(transaction.recordedAt)
            payloads.append(ByteBuffer(bytes: transaction.payload))
        }

        if !sequences.isEmpty {
            try await connection.query(
                """
                INSERT INTO journal (terminal, sequence, recorded_at, received_at, payload)
                SELECT \(terminalID), s, r, \(receivedAt), p
                FROM unnest(\(sequences)::bigint[], \(recordedAt)::bigint[], \(payloads)::bytea[]) AS t (s, r, p)
                """, logger: logger)
        }

        var through: Int64?
        for try await value in try await connection.query(
            advanceStatement(terminal: terminalID, run: batch.lowest...batch.leadingRunEnd), logger: logger
        ).decode(Int64.self) {
            through = value
        }
        guard let through else { throw PostgresLedgerStoreError.unexpectedValue(column: "progress.stored_through") }
        return IngestReport(storedThrough: UInt64(through), stored: sequences.count, duplicates: total - sequences.count)
    }

    /// Advances `progress.stored_through` over every sequence stored contiguously after it,
    /// and returns it. The end of the run is the first stored sequence after the old value whose
    /// successor is missing (when the old value's successor is stored at all). Never decreases.
    ///
    /// `run` is a run of sequences just stored (the batch's leading run): when it starts at or
    /// before the old value's successor, the walk starts at its end instead of probing it row by
    /// row. The CASEs keep `+ 1` away from the largest bigint (an error in PostgreSQL).
    private static func advanceStatement(terminal: Int64, run: ClosedRange<UInt64>) -> PostgresQuery {
        """
        INSERT INTO progress (terminal, stored_through)
        SELECT \(terminal)::bigint, CASE
            WHEN base.through = 9223372036854775807 THEN base.through
            WHEN EXISTS (SELECT 1 FROM journal WHERE terminal = \(terminal) AND sequence = base.through + 1) THEN (
                SELECT j.sequence FROM journal AS j
                WHERE j.terminal = \(terminal) AND j.sequence > base.through
                  AND CASE WHEN j.sequence = 9223372036854775807 THEN true
                      ELSE NOT EXISTS (SELECT 1 FROM journal AS k WHERE k.terminal = \(terminal) AND k.sequence = j.sequence + 1) END
                ORDER BY j.sequence LIMIT 1)
            ELSE base.through END
        FROM (
            SELECT CASE WHEN stored.through >= \(Int64(run.lowerBound) - 1) THEN greatest(stored.through, \(Int64(run.upperBound)))
                ELSE stored.through END AS through
            FROM (SELECT coalesce((SELECT stored_through FROM progress WHERE terminal = \(terminal)), 0)::bigint AS through) AS stored
        ) AS base
        ON CONFLICT (terminal) DO UPDATE SET stored_through = greatest(progress.stored_through, excluded.stored_through)
        RETURNING stored_through
        """
    }

    /// The highest sequence `s` such that 1...s are all stored for `terminal` (0: none).
    public func storedThrough(terminal: UInt32) async throws -> UInt64 {
        for try await through in try await client.query(
            "SELECT stored_through FROM progress WHERE terminal = \(Int64(terminal))", logger: logger
        ).decode(Int64.self) {
            return UInt64(through)
        }
        return 0
    }

    /// One page of stored transactions after `query.after`, in position order.
    ///
    /// One statement reads the page and the highest position in the same snapshot, so a page
    /// with fewer than `limit` matches resumes after everything that existed (no rescans of
    /// filtered-out rows), and nothing committed later is skipped: ingests hold the ingest lock
    /// to their commit, so positions become visible in increasing order. A `limit` below 1
    /// counts as 1.
    public func pull(_ query: PullQuery) async throws -> PullPage {
        let limit = max(1, query.limit)
        var binds = PostgresBindings()
        binds.append(query.after)
        var conditions = ["position > $1"]
        if let terminal = query.terminal {
            binds.append(Int64(terminal))
            conditions.append("terminal = $\(binds.count)")
        }
        if let from = query.recordedFrom {
            binds.append(from)
            conditions.append("recorded_at >= $\(binds.count)")
        }
        if let before = query.recordedBefore {
            binds.append(before)
            conditions.append("recorded_at < $\(binds.count)")
        }
        binds.append(Int64(limit))
        let sql = """
            (SELECT position, terminal, sequence, recorded_at, received_at, payload FROM journal
             WHERE \(conditions.joined(separator: " AND "))
             ORDER BY position LIMIT $\(binds.count))
            UNION ALL
            SELECT coalesce(max(position), 0), NULL, NULL, NULL, NULL, NULL FROM journal
            """
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        var transactions: [StoredTransaction] = []
        var top: Int64 = 0
        for try await (position, terminal, sequence, recordedAt, receivedAt, payload) in rows.decode(
            (Int64, Int64?, Int64?, Int64?, Int64?, ByteBuffer?).self
        ) {
            guard let terminal else {
                top = position
                continue
            }
            guard let id = UInt32(exactly: terminal), let sequence, let recordedAt, let receivedAt, let payload else {
                throw PostgresLedgerStoreError.unexpectedValue(column: "journal")
            }
            transactions.append(
                StoredTransaction(
                    position: position, terminal: id, sequence: UInt64(sequence),
                    recordedAt: recordedAt, receivedAt: receivedAt, payload: Array(payload.readableBytesView)
                ))
        }
        transactions.sort { $0.position < $1.position }
        if transactions.count == limit, let last = transactions.last {
            return PullPage(transactions: transactions, nextAfter: last.position, more: true)
        }
        return PullPage(transactions: transactions, nextAfter: max(query.after, top), more: false)
    }
}

// MARK: Maintenance

extension PostgresLedgerStore {
    /// Runs one SQL statement (tests use it to reach states the store's API cannot, such as a
    /// newer schema).
    func execute(_ sql: String) async throws {
        try await rows(PostgresQuery(unsafeSQL: sql))
    }
}
