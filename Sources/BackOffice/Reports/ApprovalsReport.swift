import BackOfficeStorage
import Foundation
import LedgerFormat

/// The operations made at the tills by hand (adjustments and reversals) and every operation a
/// manager approved, from the synced journals: who asked, who approved and how, why
/// (`loyalty-backoffice report approvals`, `GET /v1/reports/approvals`).
public struct ApprovalsReport: Codable, Sendable, Equatable {
    /// One operation.
    public struct Operation: Codable, Sendable, Equatable {
        public var terminal: UInt32
        public var sequence: UInt64
        /// When, seconds since the epoch (the terminal's clock).
        public var time: Int64
        /// `adjustment`, `reversal`, or another kind a manager approved.
        public var kind: String
        public var requestId: String?
        public var member: String?
        /// For an adjustment: the points added or taken.
        public var points: Int64?
        /// For a reversal: the transaction reversed, `T<terminal>-<sequence>` and its request id.
        public var reversed: String?
        public var reason: String?
        /// Who asked.
        public var cashier: String?
        /// Who approved (`nil`: no approval was needed).
        public var manager: String?
        /// `card` or `pin`.
        public var method: String?
    }

    /// From, to: seconds since the epoch (`to` excluded); `nil`: unbounded.
    public var from: Int64?
    public var to: Int64?
    public var operations: [Operation]
    /// Operations by manager id (approved ones only).
    public var byManager: [String: Int]
    public var transactionsRead: Int

    /// The report as lines of text, one per operation.
    public var text: String {
        var lines = ["\(operations.count) operations made by hand or approved (\(transactionsRead) transactions read)"]
        for operation in operations {
            var line = "T\(operation.terminal)-\(operation.sequence) \(operation.kind) \(operation.requestId ?? "-")"
            line += " member \(operation.member ?? "-")"
            if let points = operation.points { line += " \(points > 0 ? "+" : "")\(points) points" }
            if let reversed = operation.reversed { line += " reverses \(reversed)" }
            line += " asked by \(operation.cashier ?? "-")"
            line += operation.manager.map { " approved by \($0) (\(operation.method ?? "?"))" } ?? " without approval"
            if let reason = operation.reason { line += ": \(reason)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

/// Reads the synced journals for ``ApprovalsReport``.
public enum ApprovalsReporter {
    /// The operations journaled with times in `from..<to` (either bound may be absent), oldest
    /// first by terminal and sequence.
    public static func report(from: Int64? = nil, to: Int64? = nil, store: any LedgerStore) async throws -> ApprovalsReport {
        var operations: [ApprovalsReport.Operation] = []
        var read = 0
        try await store.forEachPage(pageSize: 5_000) { page, total in
            read = total
            for stored in page {
                guard let entry = LedgerEntry.decode(stored.payload), let found = Self.operation(entry, stored) else { continue }
                if let from, found.time < from { continue }
                if let to, found.time >= to { continue }
                operations.append(found)
            }
        }
        operations.sort { ($0.terminal, $0.sequence) < ($1.terminal, $1.sequence) }
        var byManager: [String: Int] = [:]
        for operation in operations { if let manager = operation.manager { byManager[manager, default: 0] += 1 } }
        return ApprovalsReport(from: from, to: to, operations: operations, byManager: byManager, transactionsRead: read)
    }

    /// The operation `entry` records, if it is one the report lists.
    static func operation(_ entry: LedgerEntry, _ stored: StoredTransaction) -> ApprovalsReport.Operation? {
        guard entry.kind == .adjustment || entry.kind == .reversal || entry.approval != nil else { return nil }
        return ApprovalsReport.Operation(
            terminal: stored.terminal, sequence: stored.sequence, time: entry.time, kind: entry.kind.rawValue,
            requestId: entry.requestId, member: entry.member, points: entry.adjustedPoints,
            reversed: entry.reversed.map { "T\(stored.terminal)-\($0.sequence) \($0.requestId)" }, reason: entry.reason,
            cashier: entry.cashier, manager: entry.approval?.manager, method: entry.approval?.method.rawValue)
    }
}
