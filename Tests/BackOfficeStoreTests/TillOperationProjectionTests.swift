import BackOfficeStorage
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol
import Testing

@testable import BackOfficeReports

/// Till adjustments and reversals in the back office: the member's state follows them, and the
/// approvals report lists them with who asked and who approved.
@Suite("Till adjustments and reversals in the back office", .timeLimit(.minutes(2)))
struct TillOperationProjectionTests {
    static func entry(
        _ kind: LedgerEntry.Kind, _ sequence: UInt64, balance: Int64, configure: (inout LedgerEntry) -> Void = { _ in }
    ) throws -> UploadedTransaction {
        var entry = LedgerEntry(kind: kind, terminalId: 7, time: 1_750_000_000 + Int64(sequence))
        entry.requestId = "\(kind.rawValue)-\(sequence)"
        entry.member = "M-1"
        entry.card = "00112233445566AA"
        entry.trust = "member-card"
        var state = MemberState(tierId: "member")
        state.lots = [PointLot(month: Month(year: 2025, month: 6), points: balance)]
        entry.setMemberState(state)
        configure(&entry)
        return UploadedTransaction(sequence: sequence, recordedAt: 1_750_000_000_000, payload: try entry.encoded())
    }

    @Test(
        "the member's state follows an adjustment and a reversal; the report lists them with who asked and approved",
        arguments: Backend.allCases)
    func projectedAndReported(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let projection = MemberProjection(store: store)
            _ = try await store.ingest(terminal: 7, [try Self.entry(.sale, 1, balance: 100)], receivedAt: 1)
            _ = try await store.ingest(
                terminal: 7,
                [
                    try Self.entry(.adjustment, 2, balance: 1_600) {
                        $0.adjustedPoints = 1_500
                        $0.reason = "Duplicate charge"
                        $0.cashier = "C-07"
                        $0.approval = ApprovalRecord(manager: "M-MGR", method: .pin)
                    },
                    try Self.entry(.reversal, 3, balance: 100) {
                        $0.reversed = ReversedReference(sequence: 2, requestId: "adjustment-2", kind: .adjustment)
                        $0.reason = "Wrong member"
                        $0.cashier = "C-08"
                    },
                ], receivedAt: 2)
            try await projection.catchUp()
            let member = try #require(try await store.member("M-1"))
            let state = try MemberState(compact: try #require(member.state))
            #expect(state.balance == 100 && member.mark?.sequence == 3, "the reversal's state is the member's newest")

            let report = try await ApprovalsReporter.report(store: store)
            #expect(report.operations.map(\.kind) == ["adjustment", "reversal"])
            #expect(report.operations[0].points == 1_500 && report.operations[0].manager == "M-MGR" && report.operations[0].method == "pin")
            #expect(report.operations[1].reversed == "T7-2 adjustment-2" && report.operations[1].manager == nil)
            #expect(report.byManager == ["M-MGR": 1] && report.transactionsRead == 3)
            #expect(report.text.contains("asked by C-07 approved by M-MGR (pin): Duplicate charge"), "\(report.text)")
            let later = try await ApprovalsReporter.report(from: 1_750_000_003, store: store)
            #expect(later.operations.map(\.sequence) == [3])
        }
    }

    @Test("an approval given at a till is recorded in the audit log once, when its entry is projected", arguments: Backend.allCases)
    func approvalAudited(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let projection = MemberProjection(store: store)
            _ = try await store.ingest(
                terminal: 7,
                [
                    try Self.entry(.sale, 1, balance: 100),
                    try Self.entry(.adjustment, 2, balance: 600) {
                        $0.adjustedPoints = 500
                        $0.reason = "Goodwill"
                        $0.cashier = "C-07"
                        $0.approval = ApprovalRecord(manager: "M-MGR", method: .card)
                    },
                ], receivedAt: 1)
            try await projection.catchUp()
            // A second server's projection of the same page records nothing more.
            try await ApprovalAudit.record(try await store.pull(PullQuery()).transactions, store: store)
            try await MemberProjection(store: store).catchUp()
            let rows = try await store.auditRecords(after: 0, limit: 10)
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(row.actor == "manager:M-MGR" && row.action == "approval" && row.subject == "M-1" && row.reason == "Goodwill")
            let detail = try #require(try JSONSerialization.jsonObject(with: Data(row.detail.utf8)) as? [String: String])
            #expect(detail["terminal"] == "7" && detail["sequence"] == "2" && detail["kind"] == "adjustment")
            #expect(detail["points"] == "500" && detail["cashier"] == "C-07" && detail["method"] == "card")
            #expect(try await store.verifyAuditChain().isIntact)
        }
    }
}
