/// What a terminal tells the back office about itself after a sync cycle
/// (`POST /v1/terminal-status`, signed as every terminal request; `docs/sync-protocol.md`,
/// "Terminal status"). The back office keeps the latest one per terminal for the fleet page.
public struct TerminalStatusReport: Codable, Sendable, Equatable {
    /// Record slots in the journal's ring.
    public var journalCapacityRecords: Int64
    /// Records that wait for sync (they cannot be overwritten): the journal's fill.
    public var journalRecordsInUse: Int64
    /// Transactions journaled and not yet acknowledged by the back office.
    public var unsyncedTransactions: UInt64
    /// When the oldest of them was journaled, ms since the epoch; absent when none waits.
    public var oldestUnsyncedAt: Int64?
    /// The highest sequence journaled (0: none).
    public var lastSequence: UInt64
    /// The version the terminal holds of each document kind it took (`programme`, `block-list`, ...).
    public var documentVersions: [String: Int64]
    /// The terminal's clock when it sent the report, ms since the epoch.
    public var clock: Int64
    /// Refusals the checkout answered since the previous report, by refusal code.
    public var refusals: [String: Int]

    public init(
        journalCapacityRecords: Int64, journalRecordsInUse: Int64, unsyncedTransactions: UInt64, oldestUnsyncedAt: Int64?,
        lastSequence: UInt64, documentVersions: [String: Int64], clock: Int64, refusals: [String: Int]
    ) {
        self.journalCapacityRecords = journalCapacityRecords
        self.journalRecordsInUse = journalRecordsInUse
        self.unsyncedTransactions = unsyncedTransactions
        self.oldestUnsyncedAt = oldestUnsyncedAt
        self.lastSequence = lastSequence
        self.documentVersions = documentVersions
        self.clock = clock
        self.refusals = refusals
    }

    /// The largest body the back office takes.
    public static let maximumBytes = 8192

    /// What makes the report unusable; empty when it may be stored.
    public var problems: [String] {
        var problems: [String] = []
        if journalCapacityRecords < 1 { problems.append("journalCapacityRecords must be at least 1") }
        if journalRecordsInUse < 0 || journalRecordsInUse > journalCapacityRecords {
            problems.append("journalRecordsInUse must be 0 ... journalCapacityRecords")
        }
        if lastSequence > UInt64(Int64.max) || unsyncedTransactions > UInt64(Int64.max) {
            problems.append("lastSequence and unsyncedTransactions must be below 2^63")
        }
        if documentVersions.count > 64 || documentVersions.keys.contains(where: { $0.isEmpty || $0.utf8.count > 64 }) {
            problems.append("documentVersions: at most 64 kinds of 1 to 64 bytes")
        }
        if refusals.count > 64 || refusals.contains(where: { $0.key.isEmpty || $0.key.utf8.count > 64 || $0.value < 0 }) {
            problems.append("refusals: at most 64 codes of 1 to 64 bytes, counts not below 0")
        }
        return problems
    }

    /// The fill of the journal, 0 to 100.
    public var journalFillPercent: Double {
        Double(journalRecordsInUse) * 100 / Double(max(journalCapacityRecords, 1))
    }

    /// Every refusal of the report.
    public var refusalCount: Int { refusals.values.reduce(0, +) }
}
