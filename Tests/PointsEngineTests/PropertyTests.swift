import Testing

@testable import PointsEngine

/// Random sequences of sales, refunds, redemptions, grants and time passing,
/// from fixed seeds, checked against the ledger invariants after every step.
@Suite("Properties over random sequences")
struct PropertyTests {
    /// A little simulated terminal: the member's state, the journal's sale
    /// records, and running totals of what the engine reported.
    struct Run {
        var rng: SplitMix64
        var state: MemberState
        var time: Timestamp
        var records: [String: SaleRecord] = [:]
        var saleIds: [String] = []
        var nextSale = 0
        var nextGrant: UInt64 = 1
        var credited: Int64 = 0  // earned + bonus + given back
        var debited: Int64 = 0  // redeemed + taken back
        var expired: Int64 = 0
        let startBalance: Int64

        init(seed: UInt64, startPoints: Int64) {
            rng = SplitMix64(seed: seed)
            state = Fixture.member(points: startPoints)
            time = Fixture.now
            startBalance = state.balance
        }

        mutating func random(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &rng) }

        mutating func context(grants: Bool) -> TerminalContext {
            let online = random(0...2) > 0
            var c = online ? Fixture.online(at: time) : Fixture.offline(syncedSecondsAgo: random(0...400_000), at: time)
            if random(0...4) == 0 { c.cardClass = .uidOnly }
            if random(0...3) == 0 { c.birthday = MonthDay(month: Int(random(1...12)), day: Int(random(1...28))) }
            if random(0...5) == 0 { c.referrerId = "M-1" }
            if grants, random(0...5) == 0 {
                c.pendingGrants = [
                    EventGrant(sequence: nextGrant, kind: ["newsletter", "review", "share", "referral", "x"][Int(random(0...4))])
                ]
                nextGrant += UInt64(random(0...1))  // sometimes delivered again
            }
            return c
        }

        mutating func randomSale() -> Transaction {
            nextSale += 1
            let amount: Int64 =
                switch random(0...5) {
                case 0: 0
                case 1: random(1...30_000)
                case 2: random(30_000...300_000)
                case 3: random(300_000...3_000_000)
                default: random(0...150_000)
                }
            let tax = amount > 0 && random(0...1) == 0 ? random(0...amount / 10) : 0
            let request: RedemptionRequest =
                switch random(0...3) {
                case 0: .maximum
                case 1: .points(random(0...2_000))
                default: .none
                }
            return .sale(
                Sale(
                    saleId: "S\(nextSale)", amount: amount, currency: "VND",
                    excluded: [ExcludedAmount(kind: "tax", amount: tax)], redemption: request))
        }

        mutating func randomRefund() -> Transaction? {
            guard !saleIds.isEmpty else { return nil }
            let id = saleIds[Int(random(0...Int64(saleIds.count - 1)))]
            let record = records[id]!
            let amount: RefundAmount = random(0...2) == 0 ? .full : .amount(random(0...max(1, record.amount / 2)))
            return .refund(Refund(refundId: "R", original: record, amount: amount))
        }

        /// Evaluates and checks the invariants of one step.
        mutating func step(_ transaction: Transaction, context: TerminalContext, engine: PointsEngine) throws -> EvaluationResult {
            let before = state.balance
            let r = try engine.evaluate(transaction, member: state, now: time, context: context)
            // Receipt lines add up to the change of balance.
            #expect(r.lines.reduce(0) { $0 + $1.points } == r.balance - before)
            // Never more redeemed than the balance held (after this tap's
            // expiry and event grants, which come before redemption).
            let eventPoints = r.bonusPoints - (r.saleRecord?.bonusPoints ?? 0)
            if case .sale = transaction {
                #expect(r.redeemedPoints <= max(0, before - r.expiredPoints + eventPoints))
            }
            #expect(r.redeemedPoints >= 0 && r.earnedPoints >= 0 && r.bonusPoints >= 0)
            if case .sale(let sale) = transaction, sale.amount == 0 {
                // No rule mints points from a zero bill (event grants are not bill rules).
                #expect(r.earnedPoints == 0)
                #expect(r.saleRecord?.bonusPoints == 0)
            }
            credited += r.earnedPoints + r.bonusPoints + r.returnedPoints
            debited += r.redeemedPoints + r.takenBackPoints
            expired += r.expiredPoints
            // The balance is what was earned minus what was spent minus what expired.
            #expect(r.balance == startBalance + credited - debited - expired)
            if let record = r.saleRecord {
                if records[record.saleId] == nil { saleIds.append(record.saleId) }
                records[record.saleId] = record
            }
            state = r.state
            // Bounded on-card lists.
            #expect(state.lots.count <= MemberState.maxLots && state.spend.count <= MemberState.maxSpendBuckets)
            #expect(state.refunds.count <= MemberState.maxRefundMarks)
            return r
        }
    }

    @Test("ledger invariants hold for any sequence of sales, refunds, redemptions and grants", arguments: 0..<40)
    func invariants(seed: UInt64) throws {
        for policy in [NegativeBalancePolicy.carryDebt, .writeOff] {
            let engine = try Fixture.engine { $0.refunds.negativeBalance = policy }
            var run = Run(seed: seed, startPoints: Int64(seed % 4) * 300)
            for _ in 0..<150 {
                switch run.random(0...9) {
                case 0...5:
                    let sale = run.randomSale()
                    _ = try run.step(sale, context: run.context(grants: true), engine: engine)
                case 6, 7:
                    if let refund = run.randomRefund() {
                        _ = try run.step(refund, context: run.context(grants: true), engine: engine)
                    }
                case 8:
                    _ = try run.step(.inquiry, context: run.context(grants: true), engine: engine)
                default:
                    run.time = Timestamp(
                        secondsSinceEpoch: run.time.secondsSinceEpoch + run.random(0...90) * 86_400 + run.random(0...86_399))
                }
            }
        }
    }

    @Test("refunding a sale twice gives nothing the second time", arguments: 100..<130)
    func refundTwice(seed: UInt64) throws {
        var run = Run(seed: seed, startPoints: 1_000)
        for _ in 0..<20 { _ = try run.step(run.randomSale(), context: Fixture.online(at: run.time), engine: Fixture.engine) }
        for id in run.saleIds {
            let first = try run.step(
                .refund(Refund(refundId: "R1", original: run.records[id]!, amount: .full)),
                context: Fixture.online(at: run.time), engine: Fixture.engine)
            #expect(first.saleRecord?.isFullyRefunded == true)
            // Twice: with the journal's updated record, and with the stale original one.
            for record in [run.records[id]!, first.saleRecord!] {
                let again = try run.step(
                    .refund(Refund(refundId: "R2", original: record, amount: .full)),
                    context: Fixture.online(at: run.time), engine: Fixture.engine)
                #expect(again.takenBackPoints == 0 && again.returnedPoints == 0 && again.netPoints == 0)
            }
        }
    }

    @Test("a full refund of everything returns the member to the starting balance", arguments: 200..<260)
    func fullRefundRestores(seed: UInt64) throws {
        var run = Run(seed: seed, startPoints: Int64(seed % 3) * 500)
        let sales = Int(run.random(1...25))
        for _ in 0..<sales {
            let sale = run.randomSale()
            // Online, no grants: nothing but the sales changes the balance.
            _ = try run.step(sale, context: TerminalContext(online: true, lastSync: run.time), engine: Fixture.engine)
            run.time = Timestamp(secondsSinceEpoch: run.time.secondsSinceEpoch + run.random(0...3) * 3_600)
        }
        // Refund everything, in random order and random pieces.
        var open = run.saleIds
        while !open.isEmpty {
            let index = Int(run.random(0...Int64(open.count - 1)))
            let record = run.records[open[index]]!
            let left = record.amount - record.refundedAmount
            let amount: RefundAmount = left > 1 && run.random(0...1) == 0 ? .amount(run.random(1...left - 1)) : .full
            let r = try run.step(
                .refund(Refund(refundId: "R", original: record, amount: amount)),
                context: TerminalContext(online: true, lastSync: run.time), engine: Fixture.engine)
            if r.saleRecord!.isFullyRefunded { open.remove(at: index) }
        }
        #expect(run.state.balance == run.startBalance)
        #expect(run.state.debt == 0 || run.startBalance < 0)
        #expect(run.state.spend.allSatisfy { $0.amount == 0 } || run.state.spend.isEmpty)
    }

    @Test("no rule mints points from a zero bill, whatever the member and context", arguments: 300..<340)
    func zeroBill(seed: UInt64) throws {
        var run = Run(seed: seed, startPoints: 0)
        // A history first, so that tiers, win-back and birthdays are in play.
        for _ in 0..<10 {
            _ = try run.step(run.randomSale(), context: run.context(grants: false), engine: Fixture.engine)
            run.time = Timestamp(secondsSinceEpoch: run.time.secondsSinceEpoch + run.random(0...120) * 86_400)
        }
        var context = run.context(grants: false)
        context.referrerId = "M-9"
        context.birthday = MonthDay(month: run.time.day(utcOffsetMinutes: 420).civil.month, day: 1)
        let r = try run.step(
            .sale(Sale(saleId: "Z", amount: 0, currency: "VND", redemption: .maximum)), context: context,
            engine: Fixture.engine)
        #expect(r.earnedPoints == 0 && r.bonusPoints == 0 && r.referrerReward == nil)
        #expect(!r.lines.contains { $0.points > 0 })
    }
}
