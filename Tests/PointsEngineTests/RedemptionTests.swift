import Testing

@testable import PointsEngine

@Suite("Redemption as credit on the bill")
struct RedemptionTests {
    let rich = Fixture.member(points: 1_000)

    @Test("points pay part of the bill; earning is on what is paid")
    func applied() throws {
        let r = try Fixture.run(Fixture.sale(100_000, redeem: .points(300)), rich)
        #expect(r.redemption == .applied(points: 300, credit: 30_000, limitedBy: nil))
        #expect(r.amountDue == 70_000)
        #expect(r.earnedPoints == 7)
        #expect(r.balance == 1_000 - 300 + 7 + 2)
        #expect(r.receipt.first == "Points used as credit: -30,000 VND: -300 pts")
        #expect(r.saleRecord?.redeemedPoints == 300)
        #expect(r.saleRecord?.qualifyingSpend == 70_000)
    }

    @Test(
        "requests round down to whole credit steps (10 pts = 1,000 VND)",
        arguments: [
            (Int64(305), Int64(300)), (59, 50), (50, 50), (499, 490),
        ])
    func wholeSteps(asked: Int64, spent: Int64) throws {
        let r = try Fixture.run(Fixture.sale(100_000, redeem: .points(asked)), rich)
        #expect(r.redeemedPoints == spent)
        #expect(r.redemptionCredit == spent * 100)
    }

    @Test(
        "refusals name the limit",
        arguments: [
            (RedemptionRequest.points(40), Int64(1_000), Int64(100_000), RedemptionLimit.belowMinimumPoints(minimum: 50)),
            (.points(5), 1_000, 100_000, .belowMinimumPoints(minimum: 50)),
            (.points(-10), 1_000, 100_000, .invalidRequest),
            (.points(300), 200, 100_000, .insufficientBalance(balance: 200)),
            (.points(600), 1_000, 100_000, .billShare(maximumPercent: 50)),
            (.maximum, 0, 100_000, .insufficientBalance(balance: 0)),
            (.maximum, 45, 100_000, .belowMinimumPoints(minimum: 50)),
            (.maximum, 1_000, 1_500, .billShare(maximumPercent: 50)),  // 750 VND is less than one step
        ])
    func refused(request: RedemptionRequest, balance: Int64, bill: Int64, limit: RedemptionLimit) throws {
        let r = try Fixture.run(Fixture.sale(bill, redeem: request), Fixture.member(points: balance))
        #expect(r.redemption == .refused(limit))
        #expect(r.redeemedPoints == 0 && r.redemptionCredit == 0)
        #expect(r.receipt.contains("Redemption refused: \(limit)"))
    }

    @Test("a refused redemption still earns on the whole bill")
    func refusedStillEarns() throws {
        let r = try Fixture.run(Fixture.sale(100_000, redeem: .points(5_000)), rich)
        #expect(r.earnedPoints == 10 && r.amountDue == 100_000)
    }

    @Test(
        "maximum takes the smallest cap and says which",
        arguments: [
            (Int64(1_000), Int64(100_000), Int64(500), RedemptionLimit.billShare(maximumPercent: 50)),
            (123, 100_000, 120, .insufficientBalance(balance: 123)),
            (1_000, 99_999, 490, .billShare(maximumPercent: 50)),  // 49,999 VND share → 49 steps
        ])
    func maximum(balance: Int64, bill: Int64, spent: Int64, limit: RedemptionLimit) throws {
        let r = try Fixture.run(Fixture.sale(bill, redeem: .maximum), Fixture.member(points: balance))
        #expect(r.redemption == .applied(points: spent, credit: spent * 100, limitedBy: limit))
    }

    @Test("the share is of the amount due after the tier discount")
    func shareAfterDiscount() throws {
        let r = try Fixture.run(Fixture.sale(100_000, redeem: .maximum), Fixture.member(points: 1_000, tier: "gold"))
        #expect(r.redeemedPoints == 470)  // floor(95,000 × 50%) = 47,500 → 47 steps
        #expect(r.amountDue == 95_000 - 47_000)
    }

    @Test("points earned on this bill cannot pay for it")
    func notSameBill() throws {
        let r = try Fixture.run(Fixture.sale(2_000_000, redeem: .maximum))
        #expect(r.redemption == .refused(.insufficientBalance(balance: 0)))
        #expect(r.earnedPoints == 400)
    }

    @Test("a programme without redemption refuses it")
    func disabled() throws {
        let engine = try Fixture.engine { $0.redemption = nil }
        let r = try Fixture.run(Fixture.sale(100_000, redeem: .maximum), rich, engine: engine)
        #expect(r.redemption == .refused(.redemptionDisabled))
    }

    @Test("spending takes the oldest points first")
    func oldestFirst() throws {
        var m = Fixture.newMember
        m.lots = [PointLot(month: Month(year: 2024, month: 4), points: 100), PointLot(month: Month(year: 2025, month: 1), points: 100)]
        let r = try Fixture.run(Fixture.sale(100_000, redeem: .points(150)), m)
        #expect(r.state.lots.first == PointLot(month: Month(year: 2025, month: 1), points: 50))
    }

    @Test("credit in a two-decimal currency rounds to whole ringgit")
    func ringgit() throws {
        let engine = try PointsEngine(
            programme: Fixture.programme {
                $0.currency = "MYR"
                $0.earning.minimumBill = 10_00
                $0.redemption = RedemptionRules(points: 100, amount: 100, minimumPoints: 100, maximumBillPercent: 30, wholeUnit: 100)
            })
        let sale = Transaction.sale(Sale(saleId: "M1", amount: 45_90, currency: "MYR", redemption: .maximum))
        let r = try Fixture.run(sale, Fixture.member(points: 5_000), engine: engine)
        // 30% of RM 45.90 = RM 13.77 → RM 13 → 1,300 pts.
        #expect(r.redemption == .applied(points: 1_300, credit: 13_00, limitedBy: .billShare(maximumPercent: 30)))
        #expect(r.receipt.first == "Points used as credit: -13.00 MYR (limited by 30% of the bill): -1,300 pts")
    }
}
