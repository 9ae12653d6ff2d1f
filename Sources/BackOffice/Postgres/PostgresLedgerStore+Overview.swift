import BackOfficeStorage
import Logging
import PostgresNIO

// The overview projection's statements: written in one transaction under the overview lock (so
// two servers never project the same page twice), read in one read-only transaction.
extension PostgresLedgerStore {
    public func overviewWrite<T: Sendable>(_ body: @escaping @Sendable (any OverviewSQL) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await transaction { connection in
            try await Self.lock(PostgresSchema.Lock.overview, on: connection, logger: logger)
            return try await body(PostgresOverviewSQL(connection: connection, logger: logger))
        }
    }

    public func overviewRead<T: Sendable>(_ body: @escaping @Sendable (any OverviewSQL) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await transaction { connection in
            try await connection.query("SET TRANSACTION READ ONLY", logger: logger)
            return try await body(PostgresOverviewSQL(connection: connection, logger: logger))
        }
    }
}

/// Runs overview statements on one PostgreSQL connection: `?n` becomes `$n`.
struct PostgresOverviewSQL: OverviewSQL {
    let connection: PostgresConnection
    let logger: Logger

    func run(_ sql: String, _ values: [OverviewValue]) async throws -> [[OverviewValue]] {
        var binds = PostgresBindings()
        for value in values {
            switch value {
            case .integer(let integer): binds.append(integer)
            case .text(let text): binds.append(text)
            case .bytes(let bytes): binds.append(ByteBuffer(bytes: bytes))
            case .null: binds.appendNull()
            }
        }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds), logger: logger).collect()
        return try rows.map { row in
            try row.map { cell -> OverviewValue in
                guard cell.bytes != nil else { return .null }
                switch cell.dataType {
                case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
                case .bytea: return .bytes(Array(try cell.decode(ByteBuffer.self).readableBytesView))
                default: return .text(try cell.decode(String.self))
                }
            }
        }
    }

    /// `sql` with each `?n` written `$n` (the overview's statements use `?` for nothing else).
    static func numbered(_ sql: String) -> String { sql.replacingOccurrences(of: "?", with: "$") }
}
