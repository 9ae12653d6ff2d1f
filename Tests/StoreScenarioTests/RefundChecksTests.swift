import Foundation
import LedgerFormat
import PointsEngine
import Testing

@testable import StoreSimulation

/// The refund checks on made-up ledgers, so that each can be seen to fail: a sale refunded at two
/// offline tills beyond its amount, the back office's report and corrections, an `unknown-sale`
/// refusal of a sale that exists.
@Suite("Refunds at any till: the checks")
struct RefundChecksTests {
    /// Sale S-1 at terminal 7: 100,000, 100 bill points, 10 bonus, 20 redeemed.
    func sale(sequence: UInt64 = 1) throws -> PulledTransaction {
        var entry = LedgerEntry(kind: .sale, terminalId: 7, time: 0)
        entry.requestId = "S-1"
        entry.member = "M-00001"
        entry.saleRecord = SaleRecord(
            saleId: "S-1", day: Day(number: 20000), amount: 100_000, qualifyingSpend: 100_000, billPoints: 100, bonusPoints: 10,
            redeemedPoints: 20)
        return try pulled(entry, sequence: sequence)
    }

    /// A refund of S-1 at `terminal` of `amount`, taking `taken` points and giving back `returned`.
    func refund(
        at terminal: UInt32, sequence: UInt64 = 1, amount: Int64, taken: Int64, returned: Int64, basis: RefundDetails.Basis = .receipt
    ) throws -> PulledTransaction {
        var entry = LedgerEntry(kind: .refund, terminalId: terminal, time: 0)
        entry.requestId = "R-\(terminal)"
        entry.member = "M-00001"
        entry.trust = "no-card"
        entry.refundedSaleId = "S-1"
        entry.refund = RefundDetails(saleTerminal: 7, saleSequence: nil, amount: amount, basis: basis)
        var answer = CheckoutAnswer(outcome: .completed, kind: .refund, requestId: entry.requestId)
        answer.points = try JSONDecoder().decode(
            PointsSummary.self,
            from: Data(
                #"{"earned":0,"bonus":0,"redeemed":0,"expired":0,"takenBack":\#(taken),"returned":\#(returned),"writtenOff":0,"net":\#(returned - taken)}"#
                    .utf8))
        entry.answer = answer
        return try pulled(entry, sequence: sequence)
    }

    func pulled(_ entry: LedgerEntry, sequence: UInt64) throws -> PulledTransaction {
        let json = String(decoding: try entry.encoded(), as: UTF8.self)
        return try PulledTransaction(
            line: #"{"position":1,"terminal":\#(entry.terminalId),"sequence":\#(sequence),"recordedAt":0,"receivedAt":0,"entry":\#(json)}"#)
    }

    func checks(
        _ pulled: [PulledTransaction], requests: [RequestRecord] = [], report: [RefundLedger.SaleKey: StoreBackOffice.OverRefund]?,
        adjustments: [StoreChecks.Adjustment] = []
    ) -> [String: StoreChecks.Check] {
        var checks = StoreChecks(
            pulled: pulled, journals: [:], requests: requests, terminalIDs: [0: 7, 1: 8, 2: 9], copied: [], rolledBack: [],
            blocked: [:], flaggedMembers: [:], blockListSeen: [:])
        checks.refunds = StoreChecks.Refunds(overRefunds: report, adjustments: adjustments)
        let list = checks.refundChecks(checks.refunds!)
        #expect(list.count == 3)
        return Dictionary(uniqueKeysWithValues: zip(["unknown", "beyond", "points"], list))
    }

    static let key = RefundLedger.SaleKey(terminal: 7, saleId: "S-1")
    static let overReported = [key: StoreBackOffice.OverRefund(amount: 100_000, refunded: 120_000, excess: 20_000, refundCount: 2)]

    @Test("two offline tills each refunding 60 % of a sale: over-refunded, reported, and corrected once")
    func overRefund() throws {
        // 60 % each: floor(100 × 0.6) = 60 taken, floor(20 × 0.6) = 12 given back, each; the
        // whole refunded should take 100 + 10 − 20 = 90, the two took 2 × 48 = 96: 6 to give back.
        let ledger = try [
            sale(), refund(at: 8, amount: 60_000, taken: 60, returned: 12), refund(at: 9, amount: 60_000, taken: 60, returned: 12),
        ]
        #expect(RefundLedger.due(RefundLedger(ledger).sales[Self.key]!.record, refunded: 120_000) == 90)

        let unreported = checks(ledger, report: [:])
        #expect(!unreported["beyond"]!.passed)
        #expect(unreported["beyond"]!.failures.first?.hasPrefix("sale S-1 of terminal 7: refunded 120000 of 100000 by refund R-8") == true)
        #expect(!unreported["points"]!.passed, "no correction: 96 taken for 90 due")
        #expect(
            unreported["points"]!.failures.first?.contains("+96, but 100000 refunded of it takes +90") == true,
            "\(unreported["points"]!.failures)")

        let correction = StoreChecks.Adjustment(member: "M-00001", sequence: 4, points: 6, reference: "refund-excess:T9-1")
        let settled = checks(ledger, report: Self.overReported, adjustments: [correction])
        #expect(settled.values.allSatisfy { $0.passed }, "\(settled.values.map(\.failures))")
        #expect(settled["points"]!.detail.contains("1 refund-excess corrections (+6 points)"))

        // Corrected twice: 12 given back, 6 too many.
        let twice = checks(
            ledger, report: Self.overReported,
            adjustments: [correction, StoreChecks.Adjustment(member: "M-00001", sequence: 5, points: 6, reference: "refund-excess:T8-1")])
        #expect(!twice["points"]!.passed)
        // The report's sums must be the ledger's.
        var wrong = Self.overReported
        wrong[Self.key]!.refunded = 110_000
        #expect(!checks(ledger, report: wrong, adjustments: [correction])["beyond"]!.passed)
    }

    @Test("refunds within the sale that took their shares pass; a sale reported over-refunded but not is a failure")
    func withinTheSale() throws {
        // 50 % then the rest, the second knowing of the first: 50 − 10, then 50 + 10 (the bonus) − 10.
        let ledger = try [
            sale(), refund(at: 8, amount: 50_000, taken: 50, returned: 10), refund(at: 9, amount: 50_000, taken: 60, returned: 10),
        ]
        let good = checks(ledger, report: [:])
        #expect(good.values.allSatisfy { $0.passed }, "\(good.values.map(\.failures))")
        #expect(!checks(ledger, report: Self.overReported)["beyond"]!.passed)
        // Without the back office's report: nothing to check the points against.
        let noReport = checks(try [sale(), refund(at: 8, amount: 60_000, taken: 1, returned: 0)], report: nil)
        #expect(noReport["points"]!.passed && noReport["points"]!.detail.contains("not checked"))
        #expect(noReport["beyond"]!.detail.contains("no refunds report"))
    }

    @Test("unknown-sale for a sale that exists fails, wherever and whenever; receipt-needed is counted apart")
    func unknownSale() throws {
        let ledger = try [sale()]
        let sold = RequestRecord(
            index: 0, planned: true, terminal: 0, member: 0, kind: "sale S-1", requestId: "S-1", outcome: "completed",
            journalSequence: 1, attempts: 1, seconds: 0, lastTrySeconds: 0, startedAt: 0, finishedAt: 0)
        func refused(synced: Bool?, receipt: Bool) -> RequestRecord {
            var record = RequestRecord(
                index: 5, planned: true, terminal: 2, member: 0, kind: "refund R-5 of S-1", requestId: "R-5", outcome: "refused",
                refusal: "unknown-sale", attempts: 1, seconds: 0, lastTrySeconds: 0, startedAt: 1, finishedAt: 1)
            record.refund = RefundTrace(saleId: "S-1", saleTerminal: 0, withReceipt: receipt, saleSynced: synced)
            return record
        }
        let early = checks(ledger, requests: [sold, refused(synced: false, receipt: false)], report: [:])["unknown"]!
        #expect(!early.passed && early.detail.contains("terminal 9 1"), "the terminal asks for the receipt instead")
        var asked = refused(synced: false, receipt: false)
        asked.refusal = "receipt-needed"
        let needed = checks(ledger, requests: [sold, asked], report: [:])["unknown"]!
        #expect(
            needed.passed && needed.detail.contains("refused receipt-needed (the sale not known to the back office yet, no receipt): 1"))
        let late = checks(ledger, requests: [sold, refused(synced: true, receipt: false)], report: [:])["unknown"]!
        #expect(!late.passed)
        #expect(
            late.failures == [
                "sale S-1 (terminal 7 #1, completed, not voided): refund R-5 of S-1 refused unknown-sale at terminal 9 after its till had synced it"
            ])
        #expect(!checks(ledger, requests: [sold, refused(synced: nil, receipt: true)], report: [:])["unknown"]!.passed)
        // A sale its till voided (it never reached the card) is unknown indeed.
        var void = LedgerEntry(kind: .void, terminalId: 7, time: 0)
        void.voided = 1
        let voided = checks(ledger + [try pulled(void, sequence: 2)], requests: [sold, refused(synced: true, receipt: true)], report: [:])
        #expect(voided["unknown"]!.passed)
    }

    @Test("card settle's lines are read as adjustments")
    func settleOutput() {
        let output =
            "M-00003 #12: -30 points (refund-excess:T101-55): Correction: sale S-4 refunded at 2 tills\nM-00004 #13: 7 points (T102-9): x\n"
        #expect(
            StoreBackOffice.adjustments(in: output) == [
                StoreChecks.Adjustment(member: "M-00003", sequence: 12, points: -30, reference: "refund-excess:T101-55"),
                StoreChecks.Adjustment(member: "M-00004", sequence: 13, points: 7, reference: "T102-9"),
            ])
    }
}
