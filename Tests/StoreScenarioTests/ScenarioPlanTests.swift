import Foundation
import Testing

@testable import StoreSimulation

/// The plan a seed draws, and the end-of-run checks on made-up results (so each can be seen to fail).
@Suite("Store scenario plan and checks")
struct ScenarioPlanTests {
    func scenario(seed: UInt64) throws -> Scenario {
        var scenario = try JSONDecoder().decode(
            Scenario.self,
            from: Data(
                #"{"name":"plan","terminals":3,"members":50,"transactions":500,"faults":[{"kind":"copied-card","at":0.5},{"kind":"power-cut","terminal":1,"at":0.2}]}"#
                    .utf8))
        scenario.seed = seed
        return scenario
    }

    func fingerprint(_ plan: ScenarioPlan) -> [String] {
        plan.requests.map { "\($0.terminal) \($0.member) \($0.name) \($0.pullAtCommand ?? 0)" }
            + plan.faults.map { "\($0.fault.kind) \($0.afterRequests) \($0.member)" }
    }

    @Test("the same seed gives the same scenario; another seed another one")
    func sameSeed() throws {
        #expect(fingerprint(ScenarioPlan(try scenario(seed: 7))) == fingerprint(ScenarioPlan(try scenario(seed: 7))))
        #expect(fingerprint(ScenarioPlan(try scenario(seed: 7))) != fingerprint(ScenarioPlan(try scenario(seed: 8))))
        let plan = ScenarioPlan(try scenario(seed: 7))
        #expect(plan.faults.map(\.afterRequests) == [100, 250])
        // A fault without a moment or a terminal gets them from the seed, the same each time.
        var open = try scenario(seed: 7)
        open.faults = [Scenario.Fault(kind: .powerCut, at: nil)]
        let drawn = ScenarioPlan(open).faults[0]
        #expect(drawn.fault.at.map { (0.05...0.9).contains($0) } == true && drawn.fault.terminal.map { (0..<3).contains($0) } == true)
        #expect(ScenarioPlan(open).faults[0].afterRequests == drawn.afterRequests)
        // A refund goes to the terminal that made the sale.
        for request in plan.requests {
            guard case .refund(_, let saleId, _) = request.kind else { continue }
            let sale = plan.requests.first { if case .sale(let id, _, _) = $0.kind { id == saleId } else { false } }
            #expect(sale?.terminal == request.terminal && sale?.member == request.member)
        }
    }

    func pulled(_ terminal: UInt32, _ sequence: UInt64, _ entry: String) throws -> PulledTransaction {
        try PulledTransaction(
            line: #"{"position":1,"terminal":\#(terminal),"sequence":\#(sequence),"recordedAt":0,"receivedAt":0,"entry":\#(entry)}"#)
    }

    func checks(
        pulled: [PulledTransaction], journal: [UInt64], requests: [RequestRecord] = [], copied: Set<Int> = [],
        flagged: [String: String] = [:],
        blocked: [Int: Double] = [:], blockListSeen: [Int: [Int: Double]] = [:]
    ) -> [StoreChecks.Check] {
        StoreChecks(
            pulled: pulled,
            journals: [
                7: journal.map { sequence in
                    StoreChecks.ExportedTransaction(
                        sequence: sequence,
                        payloadBase64: Data(pulled.first { $0.sequence == sequence }?.payload ?? []).base64EncodedString())
                }
            ],
            requests: requests, terminalIDs: [0: 7], copied: copied, rolledBack: [], blocked: blocked, flaggedMembers: flagged,
            blockListSeen: blockListSeen
        ).run()
    }

    @Test("a missing, doubled or altered transaction and a wrong balance each fail their check")
    func checksCanFail() throws {
        let sale1 = #"{"kind":"sale","member":"M-00001","requestId":"S-1","answer":{"balance":12,"lines":[{"points":12}]}}"#
        let sale2 =
            #"{"kind":"sale","member":"M-00001","requestId":"S-2","previousWrite":{"terminalId":7,"sequence":1},"answer":{"balance":20,"lines":[{"points":8}]}}"#
        let good = try [pulled(7, 1, sale1), pulled(7, 2, sale2)]
        #expect(checks(pulled: good, journal: [1, 2]).allSatisfy { $0.passed })

        let missing = checks(pulled: [good[0]], journal: [1, 2])
        #expect(missing.contains { !$0.passed && $0.name.contains("exactly once") })
        let doubled = checks(pulled: good + [good[1]], journal: [1, 2])
        #expect(doubled.contains { !$0.passed && $0.failures.contains { $0.contains("stored twice") } })
        let wrongBalance = try [
            pulled(7, 1, sale1), pulled(7, 2, sale2.replacingOccurrences(of: #""balance":20"#, with: #""balance":25"#)),
        ]
        #expect(checks(pulled: wrongBalance, journal: [1, 2]).contains { !$0.passed && $0.name.contains("balance") })
        let answered = RequestRecord(
            index: 0, planned: true, terminal: 0, member: 0, kind: "sale S-3", requestId: "S-3", outcome: "completed",
            journalSequence: 3, attempts: 1, seconds: 0, lastTrySeconds: 0, startedAt: 0, finishedAt: 0)
        #expect(checks(pulled: good, journal: [1, 2], requests: [answered]).contains { !$0.passed && $0.name.contains("acknowledged") })
        // A copied card must be reported by the back office (either kind) or refused at a till.
        #expect(checks(pulled: good, journal: [1, 2], copied: [3]).contains { !$0.passed && $0.name.contains("copied") })
        #expect(checks(pulled: good, journal: [1, 2], copied: [3], flagged: ["M-00004": "unsettled"]).allSatisfy { $0.passed })
    }

    @Test("a blocked member's sale fails the check only at a terminal already seen holding the list")
    func blockedCardCheck() throws {
        let sale = #"{"kind":"sale","member":"M-00002","requestId":"S-9","answer":{"balance":5,"lines":[{"points":5}]}}"#
        let good = try [pulled(7, 1, sale)]
        let completed = RequestRecord(
            index: 0, planned: true, terminal: 0, member: 1, kind: "sale S-9", requestId: "S-9", outcome: "completed",
            journalSequence: 1, attempts: 1, seconds: 0, lastTrySeconds: 0, startedAt: 30, finishedAt: 30.1)
        let blockCheck = { (checks: [StoreChecks.Check]) in checks.first { $0.name.contains("blocked") }! }
        // Blocked at 10 s; the terminal, cut off, was first seen with the list at 40 s: its sale at 30 s stands.
        let cutOff = blockCheck(checks(pulled: good, journal: [1], requests: [completed], blocked: [1: 10], blockListSeen: [0: [1: 40]]))
        #expect(cutOff.passed, "\(cutOff.failures)")
        #expect(cutOff.detail.contains("terminal 7 at 40.0 s"))
        // Seen with the list at 20 s: the sale at 30 s should have been refused.
        let accepted = blockCheck(checks(pulled: good, journal: [1], requests: [completed], blocked: [1: 10], blockListSeen: [0: [1: 20]]))
        #expect(
            !accepted.passed
                && accepted.failures == ["M-00002: sale S-9 completed at terminal 7 at 30.0 s, which held the block list since 20.0 s"])
        // A second member blocked later needs the longer list: one member in force is not enough.
        let shortList = blockCheck(
            checks(
                pulled: good, journal: [1], requests: [completed], blocked: [0: 5, 1: 10], blockListSeen: [0: [1: 20]]))
        #expect(!shortList.passed && shortList.failures == ["M-00002: blocked at 10.0 s, but no terminal was seen holding the list"])
    }
}
