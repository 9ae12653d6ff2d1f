import BackOfficeStorage
import SQLiteNIO

// The overview projection's statements: written in one transaction on the write connection,
// read on the read connection.
extension SQLiteLedgerStore {
    public func overviewWrite<T: Sendable>(_ body: @escaping @Sendable (any OverviewSQL) async throws -> T) async throws -> T {
        try await write { db in try await Self.transaction(db) { try await body(SQLiteOverviewSQL(connection: db)) } }
    }

    public func overviewRead<T: Sendable>(_ body: @escaping @Sendable (any OverviewSQL) async throws -> T) async throws -> T {
        try await read { db in try await Self.transaction(db, immediate: false) { try await body(SQLiteOverviewSQL(connection: db)) } }
    }
}

/// Runs overview statements on one SQLite connection (SQLite takes `?1`, `?2`, ... as they are).
struct SQLiteOverviewSQL: OverviewSQL {
    let connection: SQLiteConnection

    func run(_ sql: String, _ values: [OverviewValue]) async throws -> [[OverviewValue]] {
        let binds: [SQLiteData] = values.map { value in
            switch value {
            case .integer(let integer): .integer(Int(integer))
            case .text(let text): .text(text)
            case .bytes(let bytes): .blob(ByteBuffer(bytes: bytes))
            case .null: .null
            }
        }
        return try await connection.query(sql, binds).map { row in
            row.columns.map { column in
                switch column.data {
                case .integer(let integer): .integer(Int64(integer))
                case .text(let text): .text(text)
                case .float(let float): .integer(Int64(float))
                case .blob(let buffer): .bytes(Array(buffer.readableBytesView))
                case .null: .null
                }
            }
        }
    }
}
