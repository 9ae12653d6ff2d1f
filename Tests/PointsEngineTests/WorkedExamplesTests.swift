import Testing

@testable import PointsEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The worked examples in `docs/examples/worked-examples.json`, written as
/// data a shop manager can read, each run through the engine.
@Suite("Worked examples (docs/examples/worked-examples.json)")
struct WorkedExamplesTests {
    struct File: Decodable { var examples: [Example] }

    struct Example: Decodable, CustomTestStringConvertible, Sendable {
        var title: String
        var when: String
        var member: Member
        var context: Context?
        var sale: SaleInput?
        var refund: RefundInput?
        var inquiry: Bool?
        var expect: Expect
        var testDescription: String { title }
    }

    struct Member: Decodable, Sendable {
        var points: Int64?
        var lots: [Lot]?
        var tier: String?
        var tierReview: String?
        var spend: [Spend]?
        var lastVisit: String?
    }

    struct Lot: Decodable, Sendable {
        var month: String
        var points: Int64
    }
    struct Spend: Decodable, Sendable {
        var month: String
        var amount: Int64
    }

    struct Context: Decodable, Sendable {
        var online: Bool?
        var lastSync: String?
        var card: String?
        var birthday: String?
        var referrer: String?
        var grants: [EventGrant]?
    }

    struct SaleInput: Decodable, Sendable {
        var amount: Int64
        var excluded: [String: Int64]?
        var redeem: RedemptionRequest?
    }

    struct RefundInput: Decodable, Sendable {
        struct Original: Decodable, Sendable {
            var id: String
            var date: String
            var amount: Int64
            var qualifyingSpend: Int64
            var billPoints: Int64
            var bonusPoints: Int64
            var redeemedPoints: Int64?
            var refunded: Int64?
        }
        var sale: Original
        var amount: RefundAmount
    }

    struct Expect: Decodable, Sendable {
        var earned: Int64?, bonus: Int64?, redeemed: Int64?, credit: Int64?, discount: Int64?, amountDue: Int64?
        var expired: Int64?, takenBack: Int64?, returned: Int64?, balance: Int64
        var tier: String?, tierChange: String?, redemption: String?, referrerReward: Int64?
        var receipt: [String]
    }

    static let examples: [Example] = {
        do {
            let bytes = try RepositoryFiles.bytes("docs/examples/worked-examples.json")
            return try JSONDecoder().decode(File.self, from: Data(bytes)).examples
        } catch {
            Issue.record("cannot read the worked examples: \(error)")
            return []
        }
    }()

    // MARK: Parsing the manager-friendly notation

    static func numbers(_ text: String, _ separators: Set<Character>) -> [Int] {
        text.split(whereSeparator: { separators.contains($0) }).compactMap { Int($0) }
    }

    /// "2025-03-14 10:00"
    static func time(_ text: String) -> Timestamp {
        let n = numbers(text, ["-", " ", ":"])
        return Fixture.at(n[0], n[1], n[2], n.count > 3 ? n[3] : 0, n.count > 4 ? n[4] : 0)
    }

    /// "2025-03"
    static func month(_ text: String) -> Month {
        let n = numbers(text, ["-"])
        return Month(year: n[0], month: n[1])
    }

    /// "2025-03-10"
    static func day(_ text: String) -> Day {
        let n = numbers(text, ["-"])
        return Day(year: n[0], month: n[1], day: n[2])
    }

    static func state(_ m: Member, at time: Timestamp) -> MemberState {
        var state = Fixture.member(points: m.points ?? 0, tier: m.tier ?? "member", at: time)
        if let lots = m.lots { state.lots = lots.map { PointLot(month: month($0.month), points: $0.points) } }
        if let review = m.tierReview { state.tierReviewMonth = month(review) }
        if let spend = m.spend { state.spend = spend.map { SpendBucket(month: month($0.month), amount: $0.amount) } }
        if let visit = m.lastVisit { state.lastVisit = day(visit) }
        return state
    }

    static func context(_ c: Context?, at time: Timestamp) -> TerminalContext {
        let birthday = c?.birthday.map { text -> MonthDay in
            let n = numbers(text, ["-"])
            return MonthDay(month: n[0], day: n[1])
        }
        return TerminalContext(
            online: c?.online ?? true, lastSync: c?.lastSync.map(Self.time) ?? time,
            cardClass: c?.card == "uid-only" ? .uidOnly : .memberCard,
            birthday: birthday, referrerId: c?.referrer, pendingGrants: c?.grants ?? [])
    }

    static func transaction(_ example: Example) -> Transaction {
        if let sale = example.sale {
            let excluded = (sale.excluded ?? [:]).sorted { $0.key < $1.key }.map { ExcludedAmount(kind: $0.key, amount: $0.value) }
            return .sale(Sale(saleId: "S-1", amount: sale.amount, currency: "VND", excluded: excluded, redemption: sale.redeem ?? .none))
        }
        if let refund = example.refund {
            let o = refund.sale
            let record = SaleRecord(
                saleId: o.id, day: day(o.date), amount: o.amount, qualifyingSpend: o.qualifyingSpend,
                billPoints: o.billPoints, bonusPoints: o.bonusPoints, redeemedPoints: o.redeemedPoints ?? 0,
                refundedAmount: o.refunded ?? 0)
            return .refund(Refund(refundId: "R-1", original: record, amount: refund.amount))
        }
        return .inquiry
    }

    @Test("there are worked examples to run")
    func present() {
        #expect(Self.examples.count >= 20)
    }

    @Test("each worked example gives exactly the stated points and receipt", arguments: examples)
    func example(_ example: Example) throws {
        let time = Self.time(example.when)
        let r = try Fixture.run(
            Self.transaction(example), Self.state(example.member, at: time), at: time,
            context: Self.context(example.context, at: time))
        let e = example.expect
        #expect(r.receipt == e.receipt)
        #expect(r.balance == e.balance)
        if let v = e.earned { #expect(r.earnedPoints == v) }
        if let v = e.bonus { #expect(r.bonusPoints == v) }
        if let v = e.redeemed { #expect(r.redeemedPoints == v) }
        if let v = e.credit { #expect(r.redemptionCredit == v) }
        if let v = e.discount { #expect(r.discount == v) }
        if let v = e.amountDue { #expect(r.amountDue == v) }
        if let v = e.expired { #expect(r.expiredPoints == v) }
        if let v = e.takenBack { #expect(r.takenBackPoints == v) }
        if let v = e.returned { #expect(r.returnedPoints == v) }
        if let v = e.tier { #expect(r.state.tierId == v) }
        if let v = e.referrerReward { #expect(r.referrerReward?.points == v) }
        if let v = e.tierChange {
            #expect(r.tierChange.map { "\($0.kind.rawValue) \($0.from) to \($0.to)" } == v)
        }
        if let v = e.redemption {
            switch r.redemption {
            case .refused: #expect(v == "refused")
            case .applied: #expect(v == "applied")
            case .notRequested: #expect(v == "none")
            }
        }
    }
}
