import BackOfficeReports
import BackOfficeStorage
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol
import Synchronization
import Testing

/// The back office pays referrers itself: a referred member's first sale (its `referrerReward`)
/// becomes one points adjustment for the referrer, once; a member referring themselves, or a
/// referral in a cycle, is not paid and raises `referral-refused`.
@Suite("Referral rewards paid by the back office", .timeLimit(.minutes(2)))
struct ReferralPaymentTests {
    static func sale(_ member: String, referrer: String?, sequence: UInt64) throws -> UploadedTransaction {
        var entry = LedgerEntry(kind: .sale, terminalId: 7, time: 1_750_000_000 + Int64(sequence))
        entry.requestId = "S-\(sequence)"
        entry.member = member
        entry.card = String(format: "%016X", sequence)
        entry.trust = "member-card"
        entry.setMemberState(MemberState(tierId: "member"))
        entry.referrerReward = try referrer.map { referrer in
            try JSONDecoder().decode(
                ReferrerReward.self, from: Data(#"{"referrerId":"\#(referrer)","points":100,"saleId":"S-\#(sequence)"}"#.utf8))
        }
        return UploadedTransaction(sequence: sequence, recordedAt: 1_750_000_000_000, payload: try entry.encoded())
    }

    @Test("each referral is paid once to the right member; oneself and a cycle are refused with an alarm", arguments: Backend.allCases)
    func paidOnceRefusedInCycles(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let alarms = Mutex<[String]>([])
            let projection = MemberProjection(store: store) { kind, detail in alarms.withLock { $0.append("\(kind): \(detail)") } }
            _ = try await store.ingest(terminal: 7, [try Self.sale("B", referrer: nil, sequence: 1)], receivedAt: 1)
            _ = try await store.ingest(terminal: 7, [try Self.sale("A", referrer: "B", sequence: 2)], receivedAt: 2)
            try await projection.catchUp()
            _ = try await store.ingest(terminal: 7, [try Self.sale("B", referrer: "A", sequence: 3)], receivedAt: 3)
            _ = try await store.ingest(terminal: 7, [try Self.sale("C", referrer: "C", sequence: 4)], receivedAt: 4)
            try await projection.catchUp()
            try await projection.catchUp()
            let paid = try await store.adjustments()
            #expect(paid.map(\.member) == ["B"] && paid.first?.points == 100 && paid.first?.reference == "referral:A", "\(paid)")
            let raised = alarms.withLock { $0 }
            #expect(raised.count == 2, "\(raised)")
            #expect(raised.contains { $0.contains("cycle") } && raised.contains { $0.contains("themselves") }, "\(raised)")
        }
    }
}
