import Testing

@testable import PointsEngine

@Suite("Refunds and returns")
struct RefundTests {
    func refund(
        _ record: SaleRecord, _ amount: RefundAmount, _ m: MemberState, id: String = "R1",
        engine: PointsEngine = Fixture.engine
    ) throws -> EvaluationResult {
        try Fixture.run(.refund(Refund(refundId: id, original: record, amount: amount)), m, engine: engine)
    }

    @Test("a full refund takes back every point of the sale")
    func full() throws {
        let sale = try Fixture.run(Fixture.sale(100_000))
        let record = try #require(sale.saleRecord)
        let r = try refund(record, .full, sale.state)
        #expect(r.takenBackPoints == 12)
        #expect(r.balance == 0)
        #expect(r.saleRecord?.refundedAmount == 100_000)
        #expect(r.receipt == ["Refund of 100,000 VND on sale S1: -12 pts"])
        #expect(r.state.spend.isEmpty)
    }

    @Test("refunding twice gives nothing the second time, from the record or from the card")
    func twice() throws {
        let sale = try Fixture.run(Fixture.sale(100_000))
        let first = try refund(try #require(sale.saleRecord), .full, sale.state)
        // The journal's updated record:
        let second = try refund(try #require(first.saleRecord), .full, first.state, id: "R2")
        #expect(second.takenBackPoints == 0 && second.balance == first.balance)
        #expect(second.receipt == ["Sale S1 already refunded: no points to take back"])
        // A terminal whose journal still has the original record: the card remembers.
        let stale = try refund(try #require(sale.saleRecord), .full, first.state, id: "R3")
        #expect(stale.takenBackPoints == 0 && stale.balance == first.balance)
    }

    @Test("partial refunds take back in proportion; bonuses go with the last part")
    func partial() throws {
        let sale = try Fixture.run(Fixture.sale(100_000))
        let half = try refund(try #require(sale.saleRecord), .amount(50_000), sale.state)
        #expect(half.takenBackPoints == 5)
        #expect(half.balance == 7)
        let rest = try refund(try #require(half.saleRecord), .amount(50_000), half.state, id: "R2")
        #expect(rest.takenBackPoints == 5 + 2)
        #expect(rest.balance == 0)
    }

    @Test("cumulative rounding: three thirds of 7 points take back 2, 2 and 3")
    func thirds() throws {
        var record = SaleRecord(
            saleId: "S9", day: Day(year: 2025, month: 3, day: 1), amount: 300, qualifyingSpend: 300,
            billPoints: 7, bonusPoints: 0, redeemedPoints: 0)
        var m = Fixture.member(points: 100)
        var taken: [Int64] = []
        for i in 0..<3 {
            let r = try refund(record, .amount(100), m, id: "R\(i)")
            taken.append(r.takenBackPoints)
            record = try #require(r.saleRecord)
            m = r.state
        }
        #expect(taken == [2, 2, 3])
    }

    @Test("a refund larger than what is left is reduced to it")
    func clamped() throws {
        let sale = try Fixture.run(Fixture.sale(100_000))
        let r = try refund(try #require(sale.saleRecord), .amount(250_000), sale.state)
        #expect(r.saleRecord?.refundedAmount == 100_000 && r.takenBackPoints == 12)
    }

    @Test("refunding a redemption gives the redeemed points back")
    func redemptionGivenBack() throws {
        let start = Fixture.member(points: 1_000)
        let sale = try Fixture.run(Fixture.sale(100_000, redeem: .points(300)), start)
        #expect(sale.balance == 709)
        let r = try refund(try #require(sale.saleRecord), .full, sale.state)
        #expect(r.returnedPoints == 300 && r.takenBackPoints == 9)
        #expect(r.balance == 1_000)
        #expect(r.receipt == ["Refund of 100,000 VND on sale S1: -9 pts", "Points used on the refunded part given back: +300 pts"])
    }

    @Test("carry debt: the shortfall is owed and paid off by the next points")
    func carryDebt() throws {
        let sale = try Fixture.run(Fixture.sale(100_000))
        let spent = try Fixture.run(
            .inquiry,
            {
                var m = sale.state
                _ = m.spendOldestFirst(7)
                return m
            }())
        let r = try refund(try #require(sale.saleRecord), .full, spent.state)
        #expect(r.balance == -7 && r.state.debt == 7)
        #expect(r.receipt.last == "7 pts owed, paid off by the next points earned")
        let next = try Fixture.run(Fixture.sale(100_000, id: "S2"), r.state)
        #expect(next.balance == 5 && next.state.debt == 0)
        #expect(next.receipt.contains("Paid off points owed from an earlier refund (7 pts)"))
    }

    @Test("write off: the balance stops at zero and the receipt says so")
    func writeOff() throws {
        let engine = try Fixture.engine { $0.refunds.negativeBalance = .writeOff }
        let sale = try Fixture.run(Fixture.sale(100_000), engine: engine)
        var m = sale.state
        _ = m.spendOldestFirst(7)
        let r = try refund(try #require(sale.saleRecord), .full, m, engine: engine)
        #expect(r.balance == 0 && r.state.debt == 0)
        #expect(r.takenBackPoints == 5 && r.writtenOffPoints == 7)
        #expect(r.receipt.last == "7 pts not in the balance, written off: +7 pts")
    }

    @Test("a refund removes the qualifying spend from the sale's month but never downgrades at once")
    func spendRemoved() throws {
        let sale = try Fixture.run(Fixture.sale(2_500_000))
        #expect(sale.state.tierId == "silver")
        let r = try refund(try #require(sale.saleRecord), .amount(1_000_000), sale.state)
        #expect(r.state.qualifyingSpend(windowMonths: 12, asOf: Month(year: 2025, month: 3)) == 1_500_000)
        #expect(r.state.tierId == "silver" && r.tierChange == nil)
    }

    @Test("the card remembers the four most recent refunded sales")
    func marksBounded() throws {
        var m = Fixture.member(points: 1_000)
        for i in 0..<6 {
            let record = SaleRecord(
                saleId: "S\(i)", day: Day(year: 2025, month: 3, day: 1), amount: 100, qualifyingSpend: 100,
                billPoints: 1, bonusPoints: 0, redeemedPoints: 0)
            m = try refund(record, .full, m, id: "R\(i)").state
        }
        #expect(m.refunds.map(\.saleId) == ["S2", "S3", "S4", "S5"])
    }

    @Test("an inconsistent record is refused")
    func invalidRecord() {
        let record = SaleRecord(
            saleId: "S1", day: Day(number: 0), amount: 100, qualifyingSpend: 100,
            billPoints: 1, bonusPoints: 0, redeemedPoints: 0, refundedAmount: 101)
        #expect(throws: EngineError.invalidInput(field: "refund.original.refundedAmount", problem: "outside 0...amount")) {
            try refund(record, .full, Fixture.newMember)
        }
    }
}
