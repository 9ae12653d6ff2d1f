/// The figures the console's Overview and the retention report need, kept as transactions are
/// stored: a projection of the journal (``OverviewChange``) through a position, read with a few
/// indexed queries (``OverviewStore+Queries``). Both backends share its SQL: they only run
/// statements, with `?1`, `?2`, ... for the values bound.
///
/// Part of ``LedgerStore``.
public protocol OverviewStore: Sendable {
    /// Runs `body` in one write transaction (on PostgreSQL under the overview projection's
    /// advisory lock, so two servers never project the same transactions).
    func overviewWrite<T: Sendable>(_ body: @escaping @Sendable (any OverviewSQL) async throws -> T) async throws -> T
    /// Runs `body` on a read connection, in one snapshot.
    func overviewRead<T: Sendable>(_ body: @escaping @Sendable (any OverviewSQL) async throws -> T) async throws -> T
}

/// A value bound to, or read from, an overview statement.
public enum OverviewValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case bytes([UInt8])
    case null

    /// The integer, or 0 for NULL (an empty sum).
    public var int: Int64 {
        if case .integer(let value) = self { return value }
        return 0
    }

    /// The text, or nil.
    public var string: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

/// Runs the overview's statements on one connection. Statements use `?1`, `?2`, ... for their
/// values, integers are 64-bit, and sums are cast to BIGINT (PostgreSQL sums them as numeric).
public protocol OverviewSQL: Sendable {
    /// Runs one statement; answers its rows, each column an integer, a text, bytes or NULL.
    @discardableResult
    func run(_ sql: String, _ values: [OverviewValue]) async throws -> [[OverviewValue]]
}
