import BackOfficeStorage
import Foundation

extension ConsolePage {
    /// `/console/audit?before=N`: the audit log, newest first, a page at a time, with the
    /// chain's verification at the top and a link to export it.
    public static let audit = ConsolePage(
        path: "/console/audit", role: .auditor, title: "Audit log", template: ConsoleTemplates.audit
    ) { request in
        let before = request.query["before"].flatMap { Int64($0) }
        let verification = try await request.store.verifyAuditChain()
        let rows = try await request.store.auditRecords(before: before, limit: AuditView.pageSize + 1)
        return .view(AuditView(rows: rows, before: before, verification: verification, request: request))
    }

    /// `/console/audit/export`: the whole audit log as JSON lines with the hashes, oldest first,
    /// for an outside reader to verify; the export itself is recorded first.
    public static let auditExport = ConsolePage(
        path: "/console/audit/export", role: .auditor, title: "Audit log export", template: "", inNavigation: false
    ) { request in
        try await request.audit(action: "audit.export", subject: "audit log")
        return .download(
            filename: "audit-log.jsonl", contentType: "application/x-ndjson; charset=utf-8",
            body: try await AuditExport.jsonLines(request.store))
    }
}

/// What the audit page shows.
struct AuditView: Sendable {
    static let pageSize = 50

    struct Row: Sendable {
        var sequence: String
        var time: String
        var actor: String
        var action: String
        var subject: String
        var reason: String
        var detail: String
    }

    var rows: [Row]
    var hasRows: Bool
    var intact: Bool
    var verification: String
    var olderPath: String
    var hasOlder: Bool
    var isFirstPage: Bool

    init(rows records: [AuditRecord], before: Int64?, verification: AuditVerification, request: ConsoleRequest) {
        let shown = Array(records.prefix(Self.pageSize))
        rows = shown.map {
            Row(
                sequence: String($0.sequence), time: request.time($0.at), actor: $0.actor, action: $0.action, subject: $0.subject,
                reason: $0.reason, detail: $0.detail == "{}" ? "" : $0.detail)
        }
        hasRows = !rows.isEmpty
        intact = verification.isIntact
        if let problem = verification.problem {
            self.verification = "The chain is broken: \(problem.reason). Rows 1 to \(verification.verified) verify."
        } else {
            let rows = verification.verified == 1 ? "1 row" : "\(verification.verified) rows"
            self.verification = "The chain verifies: \(rows), none edited or removed."
        }
        hasOlder = records.count > Self.pageSize
        olderPath = shown.last.map { "/console/audit?before=\($0.sequence)" } ?? ""
        isFirstPage = before == nil
    }
}
