import BackOfficeReports
import BackOfficeStorage
import Checkout
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol
import Testing

/// Retention figures from ledger entries as the checkout journals them, stored in a real store.
@Suite("Retention figures from the synced journals")
struct RetentionReportTests {
    /// October 2026 (UTC); the period before is the 31 days up to it.
    let period = try! RetentionPeriod(first: Day(year: 2026, month: 10, day: 1), last: Day(year: 2026, month: 10, day: 31))
    var october: Int64 { period.from }
    let day: Int64 = 86_400

    /// The journal of two terminals: members A, B, C buy in September; A twice, C and D in October
    /// (C refunds a fifth, one of D's sales is voided); E only after October; a foreign payload.
    func journals() throws -> [UInt32: [[UInt8]]] {
        let september = october - 20 * day
        return [
            1: [
                try sale("A", "S-A0", 40_000, at: september, balance: 40, tier: "member"),
                try sale("B", "S-B0", 10_000, at: september + day, balance: 10, tier: "member"),
                try sale("A", "S-A1", 50_000, at: october + day, balance: 90, tier: "member"),
                try sale("D", "S-D1", 30_000, at: october + 2 * day, balance: 20, tier: "member"),
                try sale("D", "S-D2", 999_000, at: october + 3 * day, balance: 9_999, tier: "gold"),
                try void(sequence: 5, at: october + 3 * day + 60),
                Array("not a ledger entry".utf8),
            ],
            2: [
                try sale("C", "S-C0", 20_000, at: september + 2 * day, balance: 20, tier: "member"),
                try sale("C", "S-C1", 100_000, at: october + 4 * day, balance: 50, tier: "member"),
                try refund("C", of: "S-C1", amount: 100_000, refunded: 20_000, at: october + 5 * day, balance: 40),
                try sale("A", "S-A2", 70_000, at: october + 6 * day, balance: 100, tier: "silver"),
                try sale("E", "S-E1", 80_000, at: period.to + day, balance: 8, tier: "member"),
            ],
        ]
    }

    @Test(
        "retention, churn, repeat rate, frequency, order value, lifetime value, tier mix and outstanding points",
        arguments: Backend.allCases)
    func figures(backend: Backend) async throws {
        try await withStore(backend) { handle in
            for (terminal, payloads) in try journals() {
                let uploaded = payloads.enumerated().map { index, payload in
                    UploadedTransaction(sequence: UInt64(index + 1), recordedAt: october * 1000, payload: payload)
                }
                _ = try await handle.store.ingest(terminal: terminal, uploaded, receivedAt: october * 1000)
            }
            var passes = Set<Int>()
            let report = try await RetentionReporter.report(period, store: handle.store) { pass, _ in passes.insert(pass) }
            #expect(passes == [1, 2])
            #expect(report.customersAtStart == 3)  // A, B, C
            #expect(report.customersAtEnd == 3)  // A, C, D
            #expect(report.newCustomers == 1)  // D
            #expect(report.retentionRate == 2.0 / 3)
            #expect(report.churnRate == 1 - 2.0 / 3)
            #expect(report.repeatCustomerRate == 1.0 / 3)  // A
            #expect(report.purchases == 4)  // A twice, C, D (its voided sale does not count)
            #expect(report.purchaseFrequency == 4.0 / 3)
            #expect(report.netSales == 50_000 + 70_000 + 80_000 + 30_000)
            #expect(report.averageOrderValue == 57_500)
            let perYear = 4.0 / 3 * 365.25 / 31
            #expect(abs((report.purchasesPerYear ?? 0) - perYear) < 1e-9)
            #expect(abs((report.customerLifetimeValue ?? 0) - 57_500 * perYear * 2 / 3) < 1e-6)
            #expect(report.members == 4)  // E joined after October
            #expect(report.tierMix == ["member": 3, "silver": 1])
            #expect(report.outstandingPoints == 100 + 10 + 40 + 20)
            #expect(report.voided == 1)
            #expect(report.foreign == 1)
            #expect(report.transactionsRead == 12)
            let text = report.text(currency: try #require(Currency(code: "VND")))
            #expect(text.contains("retention rate (E-N)/S     66.7 %"))
            #expect(text.contains("purchases, net sales       4, 230.000 ₫"), "money as Vietnam writes it: \(text)")
            #expect(text.contains("average order value        57.500 ₫"))
        }
    }

    @Test("an empty store gives no rates rather than a division by zero")
    func empty() async throws {
        try await withStore(.sqlite) { handle in
            let report = try await RetentionReporter.report(period, store: handle.store)
            #expect(report.retentionRate == nil && report.purchaseFrequency == nil && report.customerLifetimeValue == nil)
            #expect(report.members == 0 && report.outstandingPoints == 0)
        }
    }

    @Test("a period that ends before it starts is refused")
    func badPeriod() {
        #expect(throws: RetentionPeriodError.self) {
            try RetentionPeriod(first: Day(year: 2026, month: 10, day: 2), last: Day(year: 2026, month: 10, day: 1))
        }
    }

    // MARK: Entries as the checkout writes them

    func state(balance: Int64, tier: String) -> MemberState {
        var state = MemberState(tierId: tier)
        state.lots = [PointLot(month: Month(year: 2026, month: 9), points: balance)]
        return state
    }

    func sale(_ member: String, _ id: String, _ amount: Int64, at time: Int64, balance: Int64, tier: String) throws -> [UInt8] {
        var entry = LedgerEntry(kind: .sale, terminalId: 1, time: time)
        entry.requestId = id
        entry.sale = Sale(saleId: id, amount: amount, currency: "VND")
        entry.member = member
        entry.saleRecord = SaleRecord(
            saleId: id, day: Day(number: Int(time / day)), amount: amount, qualifyingSpend: amount,
            billPoints: amount / 10_000, bonusPoints: 2, redeemedPoints: 0)
        entry.setMemberState(state(balance: balance, tier: tier))
        return try entry.encoded()
    }

    func refund(_ member: String, of saleId: String, amount: Int64, refunded: Int64, at time: Int64, balance: Int64) throws -> [UInt8] {
        var entry = LedgerEntry(kind: .refund, terminalId: 2, time: time)
        entry.requestId = "R-" + saleId
        entry.refundedSaleId = saleId
        entry.refundAmount = refunded
        entry.member = member
        entry.saleRecord = SaleRecord(
            saleId: saleId, day: Day(number: Int(time / day)), amount: amount, qualifyingSpend: amount,
            billPoints: amount / 10_000, bonusPoints: 2, redeemedPoints: 0, refundedAmount: refunded)
        entry.setMemberState(state(balance: balance, tier: "member"))
        return try entry.encoded()
    }

    func void(sequence: UInt64, at time: Int64) throws -> [UInt8] {
        var entry = LedgerEntry(kind: .void, terminalId: 1, time: time)
        entry.voided = sequence
        entry.reason = "never reached the card"
        return try entry.encoded()
    }
}
