import BackOfficeReports
import BackOfficeStorage
import LedgerFormat
import Testing

/// Sales and their refunds at any till, projected with the members: two offline tills refunding
/// the same sale have each refund's points taken exactly once (a correction settled onto the
/// member), the money refunded beyond the sale is raised and reported; refunds that agree need
/// nothing.
@Suite("Sale refund projection", .timeLimit(.minutes(2)))
struct SaleRefundProjectionTests {
    @Test(
        "two refunds of 60 % at offline tills: the points taken twice come back as a correction, and the over-refund is raised",
        arguments: Backend.allCases)
    func twoOfflineTills(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let alarms = RaisedAlarms()
            try await RefundLedger.store(
                RefundLedger.sale(terminal: 7, id: "S-1", amount: 100_000, billPoints: 100, bonusPoints: 10, redeemedPoints: 20),
                sequence: 1, in: store)
            // Each till saw the sale untouched: 60 % of 100 bill points, 60 % of 20 redeemed back.
            for terminal: UInt32 in [8, 9] {
                try await RefundLedger.store(
                    try RefundLedger.refund(
                        terminal: terminal, id: "R-\(terminal)", of: "S-1", at: 7, amount: 60_000, takenBack: 60, returned: 12),
                    sequence: 1, in: store)
            }
            try await alarms.projection(of: store).catchUp()

            // Together: 120 taken, 24 given back; the whole sale should have taken 110 and given back 20.
            let corrections = try await store.adjustments().filter { $0.reference.hasPrefix("refund-excess:") }
            let owed: Int64 = (120 - 110) - (24 - 20)
            #expect(corrections.map(\.points) == [owed])
            #expect(corrections.first?.reference == "refund-excess:T9-1")
            #expect(corrections.first?.member == "M-1")
            #expect(corrections.first?.reason == "Correction: sale S-1 refunded at 2 tills")
            // The refunds' own points (made without the card) are settled as before.
            #expect(Set(try await store.adjustments().map(\.reference)) == ["T8-1", "T9-1", "refund-excess:T9-1"])

            let raised = alarms.of("over-refund")
            #expect(raised.count == 1)
            #expect(raised.first?.contains("sale S-1 of terminal 7 (member M-1)") == true, "\(raised)")
            #expect(raised.first?.contains("R-8 at terminal 8") == true && raised.first?.contains("R-9 at terminal 9") == true)
            #expect(raised.first?.contains("20000 refunded beyond the sale") == true, "\(raised)")

            let over = try await store.overRefundedSales()
            #expect(over.count == 1)
            #expect(over.first?.sale.saleId == "S-1" && over.first?.refunded == 120_000 && over.first?.excess == 20_000)
            #expect(over.first?.refunds.map(\.refundId) == ["R-8", "R-9"])

            // Catching up again changes nothing: the correction is settled once.
            try await alarms.projection(of: store).catchUp()
            #expect(try await store.adjustments().filter { $0.reference.hasPrefix("refund-excess:") }.count == 1)
        }
    }

    @Test("50 % and 50 % each seen as the first half: the bonus neither took is taken by the correction", arguments: Backend.allCases)
    func halvesSeenAsFirst(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let alarms = RaisedAlarms()
            try await RefundLedger.store(
                RefundLedger.sale(terminal: 7, id: "S-2", amount: 80_000, billPoints: 81, bonusPoints: 25), sequence: 1, in: store)
            for terminal: UInt32 in [8, 9] {
                // floor(81 × 40 000 / 80 000) = 40 each, no bonus: neither saw the sale fully refunded.
                try await RefundLedger.store(
                    try RefundLedger.refund(terminal: terminal, id: "R-\(terminal)", of: "S-2", at: 7, amount: 40_000, takenBack: 40),
                    sequence: 1, in: store)
            }
            try await alarms.projection(of: store).catchUp()
            let corrections = try await store.adjustments().filter { $0.reference.hasPrefix("refund-excess:") }
            // Should have taken 81 + 25 = 106, took 80.
            #expect(corrections.map(\.points) == [-26])
            #expect(alarms.of("over-refund").isEmpty)
            #expect(try await store.overRefundedSales().isEmpty)
        }
    }

    @Test("card refunds whose views agree (0 → 50 %, then 50 → 100 %): no correction, no alarm", arguments: Backend.allCases)
    func viewsAgree(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let alarms = RaisedAlarms()
            try await RefundLedger.store(
                RefundLedger.sale(terminal: 7, id: "S-3", amount: 100_000, billPoints: 101, bonusPoints: 10, redeemedPoints: 33),
                sequence: 1, in: store)
            try await RefundLedger.store(
                try RefundLedger.refund(
                    terminal: 7, id: "R-1", of: "S-3", at: 7, amount: 50_000, takenBack: 50, returned: 16, card: true, basis: .journal),
                sequence: 2, in: store)
            try await RefundLedger.store(
                try RefundLedger.refund(
                    terminal: 8, id: "R-2", of: "S-3", at: 7, amount: 50_000, takenBack: 51 + 10, returned: 17, card: true,
                    basis: .backOffice),
                sequence: 1, in: store)
            try await alarms.projection(of: store).catchUp()
            #expect(try await store.adjustments().isEmpty)
            #expect(alarms.all.isEmpty)
        }
    }

    @Test("refunds synced before their sale wait for it; a voided refund no longer counts", arguments: Backend.allCases)
    func lateSaleAndVoids(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let alarms = RaisedAlarms()
            for terminal: UInt32 in [8, 9] {
                try await RefundLedger.store(
                    try RefundLedger.refund(
                        terminal: terminal, id: "R-\(terminal)", of: "S-4", at: 7, amount: 60_000, takenBack: 60, card: true),
                    sequence: 1, in: store)
            }
            try await alarms.projection(of: store).catchUp()
            #expect(try await store.unmatchedRefundCount() == 2)
            #expect(alarms.all.isEmpty)

            // The sale arrives: matched, corrected (reference: the sale's transaction), raised.
            try await RefundLedger.store(
                RefundLedger.sale(terminal: 7, id: "S-4", amount: 100_000, billPoints: 100), sequence: 1, in: store)
            try await alarms.projection(of: store).catchUp()
            #expect(try await store.unmatchedRefundCount() == 0)
            let corrections = try await store.adjustments().filter { $0.reference.hasPrefix("refund-excess:") }
            #expect(corrections.map(\.reference) == ["refund-excess:T7-1"] && corrections.map(\.points) == [20])
            #expect(alarms.of("over-refund").count == 1)

            // Terminal 9's refund never reached the card: voided, it leaves 60 % refunded, 60 points due,
            // 60 taken: the correction given is taken back.
            try await RefundLedger.store(RefundLedger.void(terminal: 9, of: 1), sequence: 2, in: store)
            try await alarms.projection(of: store).catchUp()
            #expect(try await store.overRefundedSales().isEmpty)
            let settled = try await store.adjustments().filter { $0.reference.hasPrefix("refund-excess:") }
            #expect(settled.map(\.reference) == ["refund-excess:T7-1", "refund-excess:T9-2"])
            #expect(settled.map(\.points).reduce(0, +) == 0)

            // A voided sale is forgotten: nothing to refund any more.
            try await RefundLedger.store(RefundLedger.sale(terminal: 7, id: "S-5", amount: 5_000, billPoints: 5), sequence: 2, in: store)
            try await RefundLedger.store(RefundLedger.void(terminal: 7, of: 2), sequence: 3, in: store)
            try await alarms.projection(of: store).catchUp()
            let hold = RefundHold(
                saleTerminal: 7, saleId: "S-5", terminal: 8, refundId: "R-X", amount: nil, createdAt: baseTime,
                expiresAt: baseTime + 300_000)
            #expect(try await store.reserveRefund(hold, now: baseTime) == .unknownSale)
        }
    }
}

extension SaleRefundProjectionTests {
    @Test(
        "sales the members were projected past before the store kept sales are projected once, the members not again",
        arguments: Backend.allCases)
    func upgrade(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            try await RefundLedger.store(RefundLedger.sale(terminal: 7, id: "S-6", amount: 10_000, billPoints: 10), sequence: 1, in: store)
            try await RefundLedger.store(
                try RefundLedger.refund(terminal: 8, id: "R-8", of: "S-6", at: 7, amount: 10_000, takenBack: 10), sequence: 1, in: store)
            // The members were projected through both before sales were kept.
            let through = try await store.pull(PullQuery()).nextAfter
            try await store.projectMembers([], through: through)
            #expect(try await store.saleProjectionPosition() == 0)

            let alarms = RaisedAlarms()
            #expect(try await alarms.projection(of: store).catchUp() == 2)
            #expect(try await store.saleProjectionPosition() == through)
            #expect(try await store.memberProjectionPosition() == through)
            // The no-card refund's points were settled with the members before: not again.
            #expect(try await store.adjustments().isEmpty)
            let hold = RefundHold(
                saleTerminal: 7, saleId: "S-6", terminal: 9, refundId: "R-9", amount: nil, createdAt: baseTime,
                expiresAt: baseTime + 300_000)
            guard case .alreadyRefunded(let sale, 10_000) = try await store.reserveRefund(hold, now: baseTime) else {
                Issue.record("the sale stored before is not known with its refund")
                return
            }
            #expect(sale.sequence == 1)
        }
    }
}

/// The formula alone (``SaleRefundSettlement``).
@Suite("Sale refund settlement")
struct SaleRefundSettlementTests {
    static let sale = ProjectedSale(
        terminal: 7, sequence: 1, saleId: "S-1", member: "M-1", card: nil, day: 0, amount: 300, qualifyingSpend: 300, billPoints: 100,
        bonusPoints: 7, redeemedPoints: 50)

    @Test("what the refunds should have taken follows the engine's cumulative rounding; the bonus only at the whole sale")
    func due() {
        let third = SaleRefundSettlement(sale: Self.sale, refunded: 100, takenBack: 0, returned: 0)
        #expect(third.dueTakenBack == 33 && third.dueReturned == 16 && third.excess == 0)
        let whole = SaleRefundSettlement(sale: Self.sale, refunded: 300, takenBack: 107, returned: 50)
        #expect(whole.dueTakenBack == 107 && whole.dueReturned == 50 && whole.owed == 0)
        let beyond = SaleRefundSettlement(sale: Self.sale, refunded: 450, takenBack: 150, returned: 75)
        let owed: Int64 = (150 - 107) - (75 - 50)
        #expect(beyond.covered == 300 && beyond.excess == 150)
        #expect(beyond.owed == owed)
        var free = Self.sale
        free.amount = 0
        #expect(SaleRefundSettlement(sale: free, refunded: 0, takenBack: 3, returned: 0).owed == 3)
    }

    @Test("no overflow on large figures")
    func large() {
        var big = Self.sale
        big.amount = 1 << 62
        big.billPoints = Int64.max / 3
        let half = SaleRefundSettlement(sale: big, refunded: big.amount / 2, takenBack: 0, returned: 0)
        #expect(half.dueTakenBack == big.billPoints / 2)
    }
}
