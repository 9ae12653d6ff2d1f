import BackOfficeReports
import BackOfficeStorage
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol
import Synchronization

/// Sales, refunds and voids as terminals journal them (the fields the back office reads), and a
/// projection that keeps the alarms it raises.
enum RefundLedger {
    /// 2025-06-14, the sales' day.
    static let day = Day(number: 20_253)

    static func sale(
        terminal: UInt32, id: String, member: String = "M-1", amount: Int64, billPoints: Int64, bonusPoints: Int64 = 0,
        redeemedPoints: Int64 = 0
    ) -> LedgerEntry {
        var entry = LedgerEntry(kind: .sale, terminalId: terminal, time: 1_750_000_000)
        entry.requestId = id
        entry.member = member
        entry.card = "00112233445566AA"
        entry.trust = "member-card"
        entry.saleRecord = SaleRecord(
            saleId: id, day: day, amount: amount, qualifyingSpend: amount, billPoints: billPoints, bonusPoints: bonusPoints,
            redeemedPoints: redeemedPoints)
        return entry
    }

    /// A refund of `amount` of the sale `sale` made at `saleTerminal`, which took `takenBack`
    /// points and gave back `returned` (made without the card unless `card`).
    static func refund(
        terminal: UInt32, id: String, of sale: String, at saleTerminal: UInt32, saleSequence: UInt64? = 1, member: String = "M-1",
        amount: Int64, takenBack: Int64, returned: Int64 = 0, writtenOff: Int64 = 0, card: Bool = false,
        basis: RefundDetails.Basis = .receipt
    ) throws -> LedgerEntry {
        var entry = LedgerEntry(kind: .refund, terminalId: terminal, time: 1_750_000_100)
        entry.requestId = id
        entry.refundedSaleId = sale
        entry.member = member
        entry.trust = card ? "member-card" : CardlessPurchase.trust
        entry.refund = RefundDetails(saleTerminal: saleTerminal, saleSequence: saleSequence, amount: amount, basis: basis)
        var answer = CheckoutAnswer(outcome: .completed, kind: .refund, requestId: id)
        answer.points = try points(takenBack: takenBack, returned: returned, writtenOff: writtenOff)
        entry.answer = answer
        return entry
    }

    static func void(terminal: UInt32, of voided: UInt64) -> LedgerEntry {
        var entry = LedgerEntry(kind: .void, terminalId: terminal, time: 1_750_000_200)
        entry.voided = voided
        entry.reason = "the card was taken away before the write"
        return entry
    }

    /// A refund's points summary (net: given back less taken back).
    static func points(takenBack: Int64, returned: Int64, writtenOff: Int64) throws -> PointsSummary {
        let json = """
            {"earned":0,"bonus":0,"redeemed":0,"expired":0,"takenBack":\(takenBack),"returned":\(returned),\
            "writtenOff":\(writtenOff),"net":\(returned - takenBack)}
            """
        return try JSONDecoder().decode(PointsSummary.self, from: Data(json.utf8))
    }

    /// Stores `entry` as transaction `sequence` of its terminal.
    static func store(_ entry: LedgerEntry, sequence: UInt64, in store: any LedgerStore) async throws {
        let transaction = UploadedTransaction(sequence: sequence, recordedAt: entry.time * 1000, payload: try entry.encoded())
        _ = try await store.ingest(terminal: entry.terminalId, [transaction], receivedAt: entry.time * 1000)
    }
}

/// The alarms a projection raised, as (kind, detail).
final class RaisedAlarms: Sendable {
    private let raised = Mutex<[(kind: String, detail: String)]>([])

    var all: [(kind: String, detail: String)] { raised.withLock { $0 } }

    func of(_ kind: String) -> [String] { all.filter { $0.kind == kind }.map(\.detail) }

    /// A projection of `store` whose alarms land here.
    func projection(of store: any LedgerStore) -> MemberProjection {
        MemberProjection(store: store) { kind, detail in self.raised.withLock { $0.append((kind, detail)) } }
    }
}
