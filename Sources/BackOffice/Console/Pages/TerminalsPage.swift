import BackOfficeReports
import BackOfficeStorage
import Foundation

extension ConsolePage {
    /// `/console/terminals` (auditor): the fleet, those needing a technician first, in colour,
    /// with each reason; admins revoke a terminal (a reason required; audited).
    public static let terminals = ConsolePage(
        path: "/console/terminals", role: .auditor, title: "Terminals", template: ConsoleTemplates.terminals, postRole: .admin,
        get: { request in
            let report = try await FleetReport.read(store: request.store, at: request.now, thresholds: request.options.fleetThresholds)
            return .view(TerminalsView(report, request: request))
        },
        post: { request in
            guard request.field("action") == "revoke", let id = request.field("terminal").flatMap(UInt32.init) else {
                return .refused(status: 400, message: "The form names no terminal to revoke.")
            }
            let reason = (request.field("reason") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else { return .refused(status: 400, message: "Give the reason for the revocation.") }
            guard let actions = request.options.actions else {
                return .refused(status: 503, message: "This server cannot revoke terminals.")
            }
            guard try await request.store.terminal(id) != nil else { return .refused(status: 404, message: "No terminal \(id).") }
            let done = try await actions.revokeTerminal(id, actor: request.user.name, reason: reason)
            return .redirect("/console/terminals?done=" + (done.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        })
}

/// What the terminals page shows.
struct TerminalsView: Sendable {
    struct Document: Sendable {
        var kind: String
        var held: String
        var published: String
        var behind: Bool
    }

    struct Row: Sendable {
        var id: String
        var store: String
        var label: String
        var lastSync: String
        var lag: String
        var unsynced: String
        var fill: String
        var drift: String
        var refusals: String
        var documents: [Document]
        var revoked: Bool
        var revocation: String
        var needsTechnician: Bool
        var reasons: [String]
        var rowClass: String
    }

    var terminals: [Row]
    var needing: Int
    var total: Int
    var thresholds: String
    var mayRevoke: Bool
    var notice: String
    var hasNotice: Bool

    init(_ report: FleetReport, request: ConsoleRequest) {
        terminals = report.terminals.map { terminal in
            Row(
                id: String(terminal.id), store: terminal.store.isEmpty ? "(no store)" : terminal.store, label: terminal.label,
                lastSync: terminal.lastSync.map(request.time) ?? "never", lag: Self.duration(terminal.syncLagSeconds),
                unsynced: terminal.unsyncedTransactions.map(String.init) ?? "?",
                fill: terminal.journalFillPercent.map { String(format: "%.1f %%", $0) } ?? "?",
                drift: terminal.clockDriftSeconds.map { String(format: "%+.0f s", $0.rounded() + 0) } ?? "?",
                refusals: terminal.refusals.isEmpty
                    ? "0" : terminal.refusals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                documents: terminal.documents.map { document in
                    Document(
                        kind: document.kind, held: document.held.map(String.init) ?? "none",
                        published: document.published.map(String.init) ?? "none", behind: !document.isCurrent)
                },
                revoked: terminal.revoked, revocation: terminal.revocationReason ?? "", needsTechnician: terminal.needsTechnician,
                reasons: terminal.reasons.map { "\($0.code): \($0.detail)" },
                rowClass: terminal.revoked ? "revoked" : terminal.needsTechnician ? "technician" : "")
        }
        needing = report.needingTechnician.count
        total = report.terminals.count
        let t = report.thresholds
        thresholds =
            "not synced for over \(t.staleSyncHours) h, journal over \(Int(t.journalFillPercent)) %, clock off by over \(t.clockDriftSeconds) s, over \(t.refusalCount) refusals in a report"
        mayRevoke = request.user.role.allows(.admin)
        notice = request.query["done"] ?? ""
        hasNotice = !notice.isEmpty
    }

    static func duration(_ seconds: Int64) -> String {
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7200 { return "\(seconds / 60) min" }
        if seconds < 172_800 { return "\(seconds / 3600) h" }
        return "\(seconds / 86400) days"
    }
}
