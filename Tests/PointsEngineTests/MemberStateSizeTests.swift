import Testing

@testable import PointsEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

@Suite("Member state on the card: compact encoding and its size")
struct MemberStateSizeTests {
    /// A member a year into the demo programme.
    static var typical: MemberState {
        var m = MemberState(tierId: "gold")
        let now = Month(year: 2025, month: 3)
        for i in 0..<12 {
            m.lots.append(PointLot(month: now.adding(months: i - 11), points: 40 + Int64(i) * 7))
            m.spend.append(SpendBucket(month: now.adding(months: i - 11), amount: 450_000 + Int64(i) * 10_000))
        }
        m.tierReviewMonth = Month(year: 2025, month: 11)
        m.lastVisit = Day(year: 2025, month: 3, day: 2)
        m.birthdayYear = 2024
        m.hasPurchased = true
        m.lastGrantSequence = 3
        m.onceEvents = ["newsletter"]
        m.lastGiftMonth = now
        m.offline = OfflineCounters(consecutiveRedemptions: 1, day: Day(year: 2025, month: 3, day: 2), pointsToday: 200)
        m.refunds = [RefundMark(saleId: "T07-000123", refundedAmount: 50_000)]
        return m
    }

    /// Every list at its bound, every number large.
    static var worst: MemberState {
        var m = MemberState(tierId: String(repeating: "t", count: 16))
        let now = Month(year: 2025, month: 3)
        m.lots = (0..<MemberState.maxLots).map { PointLot(month: now.adding(months: $0 - 36), points: 1_000_000_000_000) }
        m.spend = (0..<MemberState.maxSpendBuckets).map { SpendBucket(month: now.adding(months: $0 - 23), amount: 100_000_000_000) }
        m.debt = 1_000_000
        m.tierReviewMonth = now
        m.lastVisit = Day(year: 2025, month: 3, day: 2)
        m.birthdayYear = 2024
        m.lastGrantSequence = UInt64.max
        m.onceEvents = (0..<MemberState.maxOnceEvents).map { String(repeating: "e", count: 14) + String($0 % 10) + "x" }
        m.lastGiftMonth = now
        m.offline = OfflineCounters(consecutiveRedemptions: 1000, day: Day(year: 2025, month: 3, day: 2), pointsToday: 1_000_000_000)
        m.refunds = (0..<MemberState.maxRefundMarks).map {
            RefundMark(saleId: String(repeating: "s", count: 31) + String($0), refundedAmount: 100_000_000_000_000)
        }
        return m
    }

    func json(_ m: MemberState) throws -> Int {
        try JSONEncoder().encode(m).count
    }

    @Test("the compact form round-trips", arguments: [0, 1, 2])
    func roundTrip(which: Int) throws {
        let m = [Fixture.newMember, Self.typical, Self.worst][which]
        #expect(try MemberState(compact: m.compactEncoded()) == m)
    }

    @Test("the compact form round-trips every state of a long random run")
    func roundTripRandom() throws {
        var rng = SplitMix64(seed: 42)
        var m = Fixture.member(points: 500)
        var time = Fixture.now
        for i in 0..<500 {
            let amount = Int64.random(in: 0...400_000, using: &rng)
            let request: RedemptionRequest = Bool.random(using: &rng) ? .maximum : .none
            let online = Bool.random(using: &rng)
            let context = online ? Fixture.online(at: time) : Fixture.offline(at: time)
            m = try Fixture.run(Fixture.sale(amount, id: "S\(i)", redeem: request), m, at: time, context: context).state
            #expect(try MemberState(compact: m.compactEncoded()) == m)
            time = Timestamp(secondsSinceEpoch: time.secondsSinceEpoch + Int64.random(in: 0...(5 * 86_400), using: &rng))
        }
    }

    @Test("sizes: stated in docs/programme.md")
    func sizes() throws {
        let new = Fixture.newMember.compactEncoded().count
        let typical = Self.typical.compactEncoded().count
        let worst = Self.worst.compactEncoded().count
        print(
            "member state, compact bytes: new \(new), typical \(typical), worst case \(worst); JSON bytes: new \(try json(Fixture.newMember)), typical \(try json(Self.typical)), worst case \(try json(Self.worst))"
        )
        #expect(new <= 24)
        #expect(typical <= 160)
        #expect(worst <= 1024)
    }

    @Test(
        "damaged bytes are refused, never trusted",
        arguments: [
            ([UInt8](), CompactDecodingError.truncated),
            ([2], .unsupportedFormat),
            ([1, 0, 6, 109, 101, 109, 98, 101, 114, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF], .trailingBytes),
            ([1, 0, 100], .tooManyItems),
            ([1, 0, 2, 0xC3, 0x28], .invalidText),
            ([1, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], .overlongInteger),
            ([1, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], .valueOutOfRange),
        ])
    func damaged(bytes: [UInt8], error: CompactDecodingError) {
        #expect(throws: error) { try MemberState(compact: bytes) }
    }

    @Test("every truncation of a real state is refused")
    func truncations() {
        let bytes = Self.typical.compactEncoded()
        for n in 0..<bytes.count {
            #expect(throws: CompactDecodingError.self) { try MemberState(compact: Array(bytes[..<n])) }
        }
    }
}
