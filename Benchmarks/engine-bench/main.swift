// engine-bench: evaluations per second of the points engine on the demo
// programme (every rule enabled), with a realistic member and a realistic mix
// of taps. The reference measured in the same run is one P-256 ECDSA
// signature verification, which every tap does anyway (card authentication),
// so the ratio says how the engine compares with work a tap cannot avoid.
//
// Output: one JSON object per line (machine-readable), then a summary line.
import Crypto
import PointsEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let engine = try PointsEngine(programme: .demo)
let offset = Programme.demo.utcOffsetMinutes

func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int) -> Timestamp {
    Timestamp(
        secondsSinceEpoch: Timestamp.startOf(Day(year: y, month: m, day: d), utcOffsetMinutes: offset).secondsSinceEpoch + Int64(h * 3600))
}

/// A Gold member a year into the programme: 12 monthly lots, 12 spend buckets.
func realisticMember() -> MemberState {
    var m = MemberState(tierId: "gold")
    let now = Month(year: 2025, month: 3)
    for i in 0..<12 {
        m.lots.append(PointLot(month: now.adding(months: i - 11), points: 40 + Int64(i) * 7))
        m.spend.append(SpendBucket(month: now.adding(months: i - 11), amount: 450_000 + Int64(i) * 10_000))
    }
    m.tierReviewMonth = Month(year: 2025, month: 11)
    m.lastVisit = Day(year: 2025, month: 3, day: 2)
    m.lastGrantSequence = 3
    m.onceEvents = ["newsletter"]
    return m
}

let member = realisticMember()
let now = at(2025, 3, 14, 10)
let sync = Timestamp(secondsSinceEpoch: now.secondsSinceEpoch - 7_200)
let record = SaleRecord(
    saleId: "S-0001", day: Day(year: 2025, month: 3, day: 2), amount: 240_000,
    qualifyingSpend: 228_000, billPoints: 51, bonusPoints: 2, redeemedPoints: 120)

/// The mix: plain sales, sales with tax, redemptions online and offline, a
/// birthday, a grant delivered by sync, a partial refund, an inquiry.
let mix: [(Transaction, TerminalContext)] = [
    (.sale(Sale(saleId: "B1", amount: 85_000, currency: "VND")), TerminalContext(online: true, lastSync: now)),
    (
        .sale(Sale(saleId: "B2", amount: 264_000, currency: "VND", excluded: [ExcludedAmount(kind: "tax", amount: 24_000)])),
        TerminalContext(online: true, lastSync: now)
    ),
    (
        .sale(Sale(saleId: "B3", amount: 1_250_000, currency: "VND", redemption: .maximum)),
        TerminalContext(online: false, lastSync: sync)
    ),
    (
        .sale(Sale(saleId: "B4", amount: 150_000, currency: "VND", redemption: .points(200))),
        TerminalContext(online: true, lastSync: now, birthday: MonthDay(month: 3, day: 15))
    ),
    (
        .sale(Sale(saleId: "B5", amount: 45_000, currency: "VND")),
        TerminalContext(online: true, lastSync: now, pendingGrants: [EventGrant(sequence: 4, kind: "review")])
    ),
    (.refund(Refund(refundId: "R1", original: record, amount: .amount(120_000))), TerminalContext(online: true, lastSync: now)),
    (
        .sale(Sale(saleId: "B6", amount: 30_000, currency: "VND", redemption: .maximum)),
        TerminalContext(online: false, lastSync: sync, cardClass: .uidOnly)
    ),
    (.inquiry, TerminalContext(online: true, lastSync: now)),
]

func measure(_ iterations: Int, _ body: () throws -> Int64) rethrows -> (nanoseconds: Double, checksum: Int64) {
    let clock = ContinuousClock()
    var checksum: Int64 = 0
    let start = clock.now
    for _ in 0..<iterations { checksum &+= try body() }
    let elapsed = start.duration(to: clock.now)
    let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    return (ns / Double(iterations), checksum)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

// Reference: one P-256 verification of a 64-byte challenge response.
let key = P256.Signing.PrivateKey()
let challenge = [UInt8](repeating: 0xA5, count: 64)
let signature = try key.signature(for: challenge)
let publicKey = key.publicKey

// ENGINE_BENCH_RUNS / ENGINE_BENCH_ITERATIONS shrink the run (e.g. under a profiler).
func setting(_ name: String, _ fallback: Int) -> Int {
    guard let raw = getenv(name) else { return fallback }
    return Int(String(cString: raw)) ?? fallback
}
let runs = setting("ENGINE_BENCH_RUNS", 7)
let iterations = setting("ENGINE_BENCH_ITERATIONS", 20_000)
var engineNs: [Double] = []
var verifyNs: [Double] = []
var checksum: Int64 = 0
var index = 0
for run in 0..<runs {
    let evals = try measure(iterations) {
        let (transaction, context) = mix[index % mix.count]
        index &+= 1
        return try engine.evaluate(transaction, member: member, now: now, context: context).balance
    }
    let verifies = measure(max(1, iterations / 40)) { publicKey.isValidSignature(signature, for: challenge) ? 1 : 0 }
    checksum &+= evals.checksum &+ verifies.checksum
    engineNs.append(evals.nanoseconds)
    verifyNs.append(verifies.nanoseconds)
    print(#"{"run":\#(run),"ns_per_evaluation":\#(Int(evals.nanoseconds)),"ns_per_p256_verify":\#(Int(verifies.nanoseconds))}"#)
}

let perEval = median(engineNs)
let perVerify = median(verifyNs)
let perSecond = Int(1e9 / perEval)
print(
    #"{"benchmark":"points-engine-evaluate","programme":"demo","mix":\#(mix.count),"runs":\#(runs),"#
        + #""median_ns_per_evaluation":\#(Int(perEval)),"evaluations_per_second":\#(perSecond),"#
        + #""median_ns_per_p256_verify":\#(Int(perVerify)),"evaluation_to_p256_verify_ratio":\#((perEval / perVerify * 1000).rounded() / 1000),"#
        + #""checksum":\#(checksum)}"#)
print(
    "engine-bench: \(perSecond) evaluations/s (median of \(runs) runs, \(Int(perEval)) ns each) = \((perEval / perVerify * 100).rounded())% of one P-256 signature verification (\(Int(perVerify)) ns), which every tap also does"
)
