import Foundation
import Testing

@testable import StoreSimulation

/// The checks of lost cards, replacements and sales without the card, on a made-up ledger: a
/// member whose card AAAA was replaced by BBBB, with a tap of the lost card the notice did not
/// carry and a sale without the card, each settled by one adjustment. Each check can be seen to
/// fail.
@Suite("Card-life checks")
struct CardLifeChecksTests {
    /// Terminal 7's ledger: the lost card (+100, then +50 offline, not carried), a sale without
    /// the card (+30), the replacement's first tap carrying 100, then a sale (+20) that applies
    /// both adjustments (+50, +30): 200.
    func ledger(finalBalance: Int = 200, adjustmentLines: [Int] = [50, 30]) throws -> [PulledTransaction] {
        let adjustments = adjustmentLines.map { #",{"points":\#($0),"rule":"adjustment","text":"adjusted"}"# }.joined()
        let entries = [
            #"{"kind":"sale","member":"M-00001","card":"AAAA","trust":"member-card","requestId":"S-1","answer":{"balance":100,"points":{"net":100},"lines":[{"points":100,"rule":"earning"}]}}"#,
            #"{"kind":"sale","member":"M-00001","card":"AAAA","trust":"member-card","requestId":"LOST-0-OLD","previousWrite":{"terminalId":7,"sequence":1},"answer":{"balance":150,"points":{"net":50},"lines":[{"points":50,"rule":"earning"}]}}"#,
            #"{"kind":"sale","member":"M-00001","trust":"no-card","requestId":"S-3","answer":{"points":{"net":30},"lines":[{"points":0,"rule":"ledger"},{"points":30,"rule":"earning"}]}}"#,
            #"{"kind":"balance","member":"M-00001","card":"BBBB","trust":"member-card","replaces":"AAAA","answer":{"balance":100,"points":{"net":0},"lines":[{"points":0,"rule":"ledger"}]}}"#,
            #"{"kind":"sale","member":"M-00001","card":"BBBB","trust":"member-card","requestId":"S-5","previousWrite":{"terminalId":7,"sequence":4},"answer":{"balance":\#(finalBalance),"points":{"net":\#(finalBalance - 100)},"lines":[{"points":20,"rule":"earning"}\#(adjustments)]}}"#,
        ]
        return try entries.enumerated().map { index, entry in
            try PulledTransaction(
                line: #"{"position":1,"terminal":7,"sequence":\#(index + 1),"recordedAt":0,"receivedAt":0,"entry":\#(entry)}"#)
        }
    }

    func record(_ id: String?, outcome: String, refusal: String? = nil, card: String?, at: Double, balance: Int64? = nil) -> RequestRecord {
        var record = RequestRecord(
            index: -1, planned: false, terminal: 0, member: 0, kind: id ?? "balance", requestId: id, outcome: outcome, refusal: refusal,
            balance: balance, attempts: 1, seconds: 0, lastTrySeconds: 0, startedAt: at, finishedAt: at + 0.1)
        record.card = card
        return record
    }

    /// The requests: the lost card's offline sale at 6 s, the last tap at the end, the lost card
    /// refused at the end.
    func requests(lostAcceptedAt: Double = 6, endOutcome: String = "refused") -> [RequestRecord] {
        [
            record("LOST-0-OLD", outcome: "completed", card: "lost", at: lostAcceptedAt, balance: 150),
            record(nil, outcome: "completed", card: nil, at: 20, balance: 200),
            record(
                "END-LOST-0-7", outcome: endOutcome, refusal: endOutcome == "refused" ? "card-blocked" : nil, card: "lost", at: 21),
        ]
    }

    func checks(
        _ pulled: [PulledTransaction], requests: [RequestRecord], adjustments: [StoreChecks.Adjustment]? = nil, carried: Int64 = 100
    ) -> [String: StoreChecks.Check] {
        var checks = StoreChecks(
            pulled: pulled,
            journals: [7: pulled.map { .init(sequence: $0.sequence, payloadBase64: Data($0.payload).base64EncodedString()) }],
            requests: requests, terminalIDs: [0: 7], copied: [], rolledBack: [], blocked: [:], flaggedMembers: [:], blockListSeen: [:])
        checks.cardLife = StoreChecks.CardLife(
            replacements: [
                0: CardReplacement(
                    event: 0, member: 0, lostCard: "AAAA", newCard: "BBBB", carried: carried,
                    basedOn: StoreChecks.Pair(terminal: 7, sequence: 1), at: 4)
            ],
            adjustments: [
                0: adjustments ?? [
                    .init(member: "M-00001", sequence: 1, points: 50, reference: "T7-2"),
                    .init(member: "M-00001", sequence: 2, points: 30, reference: "T7-3"),
                ]
            ],
            blockedCardsSeen: [0: ["AAAA": 8]])
        return Dictionary(uniqueKeysWithValues: checks.run().map { ($0.name, $0) })
    }

    func failures(_ checks: [String: StoreChecks.Check], _ words: String) -> [String] {
        checks.first { $0.key.contains(words) }?.value.failures ?? ["no check named \(words)"]
    }

    @Test("the made-up store passes every check: before the loss 100, +50 not carried, +20 on the new card, +30 without the card")
    func passes() throws {
        let checks = checks(try ledger(), requests: requests())
        #expect(checks.count == 9)
        for check in checks.values { #expect(check.passed, "\(check.name): \(check.failures)") }
    }

    @Test("a replacement card missing an adjustment, or carrying one twice, fails the balance check with the member named")
    func wrongReplacementBalance() throws {
        let missing = failures(checks(try ledger(finalBalance: 150, adjustmentLines: [30]), requests: requests()), "replacement card holds")
        #expect(missing.count == 1 && missing[0].hasPrefix("M-00001: the replacement card BBBB"), "\(missing)")
        #expect(missing[0].contains("make 200"), "\(missing)")
        let twice = failures(
            checks(try ledger(finalBalance: 230, adjustmentLines: [50, 30, 30]), requests: requests()), "replacement card holds")
        #expect(twice.count == 1 && twice[0].contains("says 230"), "\(twice)")
        let wrongCarry = failures(checks(try ledger(), requests: requests(), carried: 90), "replacement card holds")
        #expect(wrongCarry.first?.contains("card replace carried 90 points") == true, "\(wrongCarry)")
    }

    @Test("an adjustment missing, doubled, wrong or extra fails the settled-once check")
    func adjustmentsSettledOnce() throws {
        let pulled = try ledger()
        let missing = failures(
            checks(pulled, requests: requests(), adjustments: [.init(member: "M-00001", sequence: 1, points: 50, reference: "T7-2")]),
            "settled exactly once")
        #expect(missing == ["M-00001: sale S-3 without the card (T7-3, +30 points) was never settled: no adjustment names it"])
        let doubled = failures(
            checks(
                pulled, requests: requests(),
                adjustments: [
                    .init(member: "M-00001", sequence: 1, points: 50, reference: "T7-2"),
                    .init(member: "M-00001", sequence: 2, points: 30, reference: "T7-3"),
                    .init(member: "M-00001", sequence: 3, points: 30, reference: "T7-3"),
                ]), "settled exactly once")
        #expect(doubled.count == 1 && doubled[0].contains("T7-3 settled 2 times"), "\(doubled)")
        let extra = failures(
            checks(
                pulled, requests: requests(),
                adjustments: [
                    .init(member: "M-00001", sequence: 1, points: 50, reference: "T7-2"),
                    .init(member: "M-00001", sequence: 2, points: 35, reference: "T7-3"),
                    .init(member: "M-00001", sequence: 3, points: 100, reference: "replacement:BBBB"),
                ]), "settled exactly once")
        #expect(extra.count == 2, "\(extra)")
        #expect(extra.contains { $0.contains("is settled as +35 points") } && extra.contains { $0.contains("settles nothing") })
    }

    @Test("a lost card accepted after its block reached the terminal, or not refused at the end, fails the lost-card check")
    func lostCardAccepted() throws {
        let pulled = try ledger()
        let late = failures(checks(pulled, requests: requests(lostAcceptedAt: 9)), "no lost card")
        #expect(late.count == 1 && late[0].contains("completed at terminal 7 at 9.0 s, which held its block since 8.0 s"), "\(late)")
        let end = failures(checks(pulled, requests: requests(endOutcome: "completed")), "no lost card")
        #expect(end.count == 1 && end[0].contains("after the end-of-run sync: completed"), "\(end)")
    }
}
