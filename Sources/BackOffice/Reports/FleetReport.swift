import BackOfficeStorage
import SyncProtocol

/// Every terminal as the fleet page shows it: what the registry, the synced journal and the
/// terminal's latest status report tell, and why it needs a technician, if it does.
public struct FleetTerminal: Sendable, Equatable, Codable {
    /// A document kind: the version the terminal holds and the newest published.
    public struct Document: Sendable, Equatable, Codable {
        public var kind: String
        public var held: Int64?
        public var published: Int64?
        public var isCurrent: Bool { (held ?? 0) >= (published ?? 0) }
    }

    public var id: UInt32
    /// The terminal's label (`terminal enrol --label`).
    public var label: String
    /// The store it stands in (`terminal enrol --store`, `terminal set-store`); empty for none.
    public var store: String
    public var revoked: Bool
    public var revocationReason: String?
    /// The last time the terminal reached the back office (its last upload or status report), ms.
    public var lastSync: Int64?
    /// When the back office stored the transaction at ``storedThrough``, ms.
    public var lastUpload: Int64?
    /// Seconds since ``lastSync`` (since enrolment when it never synced).
    public var syncLagSeconds: Int64
    public var storedThrough: UInt64
    /// From the latest status report (nil without one).
    public var reportedAt: Int64?
    public var lastSequence: UInt64?
    public var unsyncedTransactions: UInt64?
    public var oldestUnsyncedAt: Int64?
    public var journalFillPercent: Double?
    /// The terminal's clock less the back office's when the report arrived, seconds.
    public var clockDriftSeconds: Double?
    public var refusals: [String: Int]
    public var documents: [Document]
    public var reasons: [FleetReason]

    public var needsTechnician: Bool { !reasons.isEmpty }
}

/// The fleet at one moment: terminals needing a technician first (longest unsynced first), then
/// the rest by id; revoked terminals last, never needing one.
public struct FleetReport: Sendable, Equatable, Codable {
    public var at: Int64
    public var thresholds: FleetThresholds
    public var terminals: [FleetTerminal]

    public var needingTechnician: [FleetTerminal] { terminals.filter(\.needsTechnician) }

    /// Reads the fleet from `store` at `now` (ms since the epoch).
    public static func read(
        store: any LedgerStore, at now: Int64, thresholds: FleetThresholds = FleetThresholds()
    ) async throws -> FleetReport {
        let statuses = Dictionary(try await store.terminalStatuses().map { ($0.terminal, $0) }, uniquingKeysWith: { a, _ in a })
        var published: [String: Int64] = [:]
        for kind in DocumentKind.allCases {
            if let latest = try await store.latest(kind) {
                published[kind.rawValue] = latest.version
            }
        }
        var terminals: [FleetTerminal] = []
        for terminal in try await store.terminals() {
            let status = statuses[terminal.id]
            let lastUpload = try await store.lastUpload(terminal: terminal.id)
            let contacts = [lastUpload, status?.receivedAt].compactMap { $0 }
            let lastSync = contacts.max()
            let report = status?.report
            let kinds = Set(published.keys).union(report.map { Array($0.documentVersions.keys) } ?? []).sorted()
            var fleet = FleetTerminal(
                id: terminal.id, label: terminal.label, store: terminal.store, revoked: terminal.isRevoked,
                revocationReason: terminal.revocationReason, lastSync: lastSync, lastUpload: lastUpload,
                syncLagSeconds: max(0, now - (lastSync ?? terminal.enrolledAt)) / 1000,
                storedThrough: try await store.storedThrough(terminal: terminal.id), reportedAt: status?.receivedAt,
                lastSequence: report?.lastSequence, unsyncedTransactions: report?.unsyncedTransactions,
                oldestUnsyncedAt: report?.oldestUnsyncedAt, journalFillPercent: report?.journalFillPercent,
                clockDriftSeconds: status.map { Double($0.clockDrift) / 1000 }, refusals: report?.refusals ?? [:],
                documents: kinds.map { .init(kind: $0, held: report?.documentVersions[$0], published: published[$0]) }, reasons: [])
            if !terminal.isRevoked { fleet.reasons = reasons(for: fleet, thresholds: thresholds) }
            terminals.append(fleet)
        }
        terminals.sort { a, b in
            if a.revoked != b.revoked { return !a.revoked }
            if a.needsTechnician != b.needsTechnician { return a.needsTechnician }
            if a.needsTechnician, a.syncLagSeconds != b.syncLagSeconds { return a.syncLagSeconds > b.syncLagSeconds }
            return a.id < b.id
        }
        return FleetReport(at: now, thresholds: thresholds, terminals: terminals)
    }

    /// Why `terminal` needs a technician under `thresholds`, each reason named.
    public static func reasons(for terminal: FleetTerminal, thresholds: FleetThresholds) -> [FleetReason] {
        var reasons: [FleetReason] = []
        if terminal.syncLagSeconds > Int64(thresholds.staleSyncHours) * 3600 {
            let hours = terminal.syncLagSeconds / 3600
            reasons.append(
                FleetReason(
                    code: "not-synced",
                    detail: terminal.lastSync == nil
                        ? "never synced since enrolment \(hours) h ago" : "not synced for \(hours) h (over \(thresholds.staleSyncHours) h)")
            )
        }
        if let fill = terminal.journalFillPercent, fill > thresholds.journalFillPercent {
            reasons.append(
                FleetReason(
                    code: "journal-fill",
                    detail:
                        "journal \(Int(fill.rounded(.down)))% full of records waiting for sync (over \(Int(thresholds.journalFillPercent))%)"
                ))
        }
        if let drift = terminal.clockDriftSeconds, abs(drift) > Double(thresholds.clockDriftSeconds) {
            reasons.append(
                FleetReason(
                    code: "clock-drift",
                    detail:
                        "clock \(Int(abs(drift))) s \(drift > 0 ? "ahead of" : "behind") the back office's (over \(thresholds.clockDriftSeconds) s)"
                ))
        }
        let refused = terminal.refusals.values.reduce(0, +)
        if refused > thresholds.refusalCount {
            let top = terminal.refusals.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3).map { "\($0.key) \($0.value)" }
            reasons.append(
                FleetReason(
                    code: "refusals",
                    detail: "\(refused) refusals in its last report (over \(thresholds.refusalCount)): \(top.joined(separator: ", "))"))
        }
        return reasons
    }
}
