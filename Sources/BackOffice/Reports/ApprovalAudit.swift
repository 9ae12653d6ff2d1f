import BackOfficeStorage
import Foundation
import LedgerFormat

/// Manual adjustments and reversals approved by a manager at a till, recorded in the audit log
/// when their journal entry reaches the back office: actor `manager:<id>`, subject the member,
/// detail the terminal, sequence, kind, points, cashier and how the manager proved who they are.
enum ApprovalAudit {
    /// How many of the newest audit rows are looked at for one recorded already (two servers
    /// projecting the same page).
    static let recentRows = 500

    /// The audit event of an approved transaction; nil for one without an approval.
    static func event(from stored: StoredTransaction) -> AuditEvent? {
        guard let entry = LedgerEntry.decode(stored.payload), let approval = entry.approval else { return nil }
        var detail = [
            "terminal": String(stored.terminal), "sequence": String(stored.sequence), "kind": entry.kind.rawValue,
            "method": approval.method.rawValue,
        ]
        if let points = entry.adjustedPoints { detail["points"] = String(points) }
        if let cashier = entry.cashier { detail["cashier"] = cashier }
        if let reversed = entry.reversed { detail["reversed-sequence"] = String(reversed.sequence) }
        return AuditEvent(
            at: entry.time, actor: "manager:\(approval.manager)", action: "approval", subject: entry.member ?? "",
            reason: entry.reason ?? "", detail: detail)
    }

    /// Appends the approvals among `transactions` not recorded yet.
    static func record(_ transactions: [StoredTransaction], store: any LedgerStore) async throws {
        let events = transactions.compactMap(event(from:))
        guard !events.isEmpty else { return }
        let recent = Set(
            try await store.auditRecords(before: nil, limit: recentRows).filter { $0.action == "approval" }.map(\.detail))
        for event in events where !recent.contains(event.detail) {
            try await store.appendAudit(event)
        }
    }
}
