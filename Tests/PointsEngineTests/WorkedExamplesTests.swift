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

    /// One example: a member, a first tap, and possibly further taps (`then`), each on the
    /// state the one before left.
    struct Example: Decodable, CustomTestStringConvertible, Sendable {
        var title: String
        var when: String
        var member: Member
        var context: Context?
        var sale: SaleInput?
        var refund: RefundInput?
        var inquiry: Bool?
        var expect: Expect
        var then: [Tap]?
        var testDescription: String { title }

        /// Every tap of the example, in order.
        var taps: [Tap] {
            [Tap(when: when, context: context, sale: sale, refund: refund, inquiry: inquiry, expect: expect)] + (then ?? [])
        }
    }

    struct Tap: Decodable, Sendable {
        var when: String
        var context: Context?
        var sale: SaleInput?
        var refund: RefundInput?
        var inquiry: Bool?
        var expect: Expect
    }

    struct Member: Decodable, Sendable {
        var points: Int64?
        var lots: [Lot]?
        var debt: Int64?
        var tier: String?
        var tierReview: String?
        var spend: [Spend]?
        var lastVisit: String?
        var lastGiftMonth: String?
        var offline: Offline?
    }

    /// The offline counters: redemptions in a row, and the points redeemed offline on `day`.
    struct Offline: Decodable, Sendable {
        var inARow: Int
        var day: String?
        var pointsToday: Int64
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
        var writtenOff: Int64?, debt: Int64?
        /// The review month after the tap (`"2026-06"`), or `"none"`.
        var tierReview: String?
        var spend: [Spend]?
        var offline: Offline?
        /// The state after the tap in its compact form, hex bytes (spaces ignored).
        var cardState: String?
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
        if let debt = m.debt { state.debt = debt }
        if let gift = m.lastGiftMonth { state.lastGiftMonth = month(gift) }
        if let offline = m.offline { state.offline = counters(offline) }
        return state
    }

    static func counters(_ o: Offline) -> OfflineCounters {
        OfflineCounters(consecutiveRedemptions: o.inARow, day: o.day.map(day), pointsToday: o.pointsToday)
    }

    /// "01 05 06 6D" → the bytes' hex, upper case, without spaces.
    static func hex(_ text: String) -> String { text.filter { !$0.isWhitespace }.uppercased() }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
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

    /// The tap's transaction; the n-th tap of an example (from 1) sells as sale `S-n`.
    static func transaction(_ tap: Tap, number: Int) -> Transaction {
        if let sale = tap.sale {
            let excluded = (sale.excluded ?? [:]).sorted { $0.key < $1.key }.map { ExcludedAmount(kind: $0.key, amount: $0.value) }
            return .sale(
                Sale(saleId: "S-\(number)", amount: sale.amount, currency: "VND", excluded: excluded, redemption: sale.redeem ?? .none))
        }
        if let refund = tap.refund {
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
        var state = Self.state(example.member, at: Self.time(example.when))
        for (index, tap) in example.taps.enumerated() {
            let time = Self.time(tap.when)
            let r = try Fixture.run(
                Self.transaction(tap, number: index + 1), state, at: time, context: Self.context(tap.context, at: time))
            Self.check(r, tap.expect, tap: "tap \(index + 1) at \(tap.when)")
            state = r.state
        }
    }

    static func check(_ r: EvaluationResult, _ e: Expect, tap: Comment) {
        #expect(r.receipt == e.receipt, tap)
        #expect(r.balance == e.balance, tap)
        if let v = e.earned { #expect(r.earnedPoints == v, tap) }
        if let v = e.bonus { #expect(r.bonusPoints == v, tap) }
        if let v = e.redeemed { #expect(r.redeemedPoints == v, tap) }
        if let v = e.credit { #expect(r.redemptionCredit == v, tap) }
        if let v = e.discount { #expect(r.discount == v, tap) }
        if let v = e.amountDue { #expect(r.amountDue == v, tap) }
        if let v = e.expired { #expect(r.expiredPoints == v, tap) }
        if let v = e.takenBack { #expect(r.takenBackPoints == v, tap) }
        if let v = e.returned { #expect(r.returnedPoints == v, tap) }
        if let v = e.writtenOff { #expect(r.writtenOffPoints == v, tap) }
        if let v = e.debt { #expect(r.state.debt == v, tap) }
        if let v = e.tier { #expect(r.state.tierId == v, tap) }
        if let v = e.tierReview { #expect(r.state.tierReviewMonth == (v == "none" ? nil : month(v)), tap) }
        if let v = e.spend { #expect(r.state.spend == v.map { SpendBucket(month: month($0.month), amount: $0.amount) }, tap) }
        if let v = e.offline { #expect(r.state.offline == counters(v), tap) }
        if let v = e.cardState { #expect(hex(r.state.compactEncoded()) == hex(v), tap) }
        if let v = e.referrerReward { #expect(r.referrerReward?.points == v, tap) }
        if let v = e.tierChange {
            #expect((r.tierChange.map { "\($0.kind.rawValue) \($0.from) to \($0.to)" } ?? "none") == v, tap)
        }
        if let v = e.redemption {
            switch r.redemption {
            case .refused: #expect(v == "refused", tap)
            case .applied: #expect(v == "applied", tap)
            case .notRequested: #expect(v == "none", tap)
            }
        }
    }
}
