import Foundation

/// What happened during a run, as the simulator saw it: every POS request's answer, every
/// fault and what it caused, the sync lag samples. The report and the checks read it.
actor RunLog {
    let started = ContinuousClock.now
    private(set) var requests: [RequestRecord] = []
    private(set) var faults: [FaultRecord] = []
    /// The member-life events as fired (``MemberLife``), in the same form as the faults.
    private(set) var memberEvents: [FaultRecord] = []
    private(set) var lag: [LagSample] = []
    /// What happened that the scenario did not ask for (a terminal's pcscd killed from outside).
    private(set) var events: [String] = []
    private(set) var finishedPlanned = 0

    /// Returns once `count` planned requests have finished, or at once when `isDone` says the
    /// traffic ended: when a fault or a member event falls due.
    nonisolated func waitUntilFinished(_ count: Int, unless isDone: @Sendable () async -> Bool) async {
        while await finishedPlanned < count, !(await isDone()) {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Seconds since the run started.
    nonisolated func elapsed() -> Double {
        let duration = ContinuousClock.now - started
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func record(_ request: RequestRecord) {
        requests.append(request)
        if request.planned { finishedPlanned += 1 }
    }

    func record(_ fault: FaultRecord) { faults.append(fault) }

    func record(memberEvent: FaultRecord) { memberEvents.append(memberEvent) }

    /// What the end of a run with member life did (the settlement, the last taps).
    private(set) var memberLifeNotes: [String] = []

    func record(memberLifeNote note: String) { memberLifeNotes.append(String(format: "%.1f s: ", elapsed()) + note) }

    func noteEffect(memberEvent number: Int, _ effect: String) {
        guard let index = memberEvents.lastIndex(where: { $0.number == number }) else { return }
        memberEvents[index].effects.append(effect)
    }

    func noteEffect(fault number: Int, _ effect: String) {
        guard let index = faults.lastIndex(where: { $0.number == number }) else { return }
        faults[index].effects.append(effect)
    }

    func record(_ sample: LagSample) { lag.append(sample) }

    /// When each terminal (by index) was first seen, in `GET /health`, holding a block list of
    /// each size.
    private(set) var blockListSeen: [Int: [Int: Double]] = [:]

    /// Notes that `terminal` answered, at `time`, with a block list of `size` members in force.
    func record(blockList size: Int, terminal: Int, at time: Double) {
        guard size > 0 else { return }
        for members in 1...size where blockListSeen[terminal]?[members] == nil {
            blockListSeen[terminal, default: [:]][members] = time
        }
    }

    /// When each terminal (by index) was first seen holding a block list that lists each card
    /// key id (its kept `documents/block-list.json`).
    private(set) var blockedCardsSeen: [Int: [String: Double]] = [:]

    /// Notes that `terminal`, at `time`, held a block list listing `cards`.
    func record(blockedCards cards: [String], terminal: Int, at time: Double) {
        for card in cards where blockedCardsSeen[terminal]?[card] == nil { blockedCardsSeen[terminal, default: [:]][card] = time }
    }

    func record(event: String) { events.append(String(format: "%.1f s: ", elapsed()) + event) }

    /// Answers by refusal code for `terminal` since `time`.
    func refusals(terminal: Int, code: String, since time: Double) -> Int {
        requests.filter { $0.terminal == terminal && $0.refusal == code && $0.finishedAt >= time }.count
    }
}

/// One POS request and how it ended.
struct RequestRecord: Sendable, Codable {
    var index: Int
    /// False for the extra taps a card fault makes.
    var planned: Bool
    var terminal: Int
    var member: Int
    var kind: String
    var requestId: String?
    /// `completed`, `refused`, `incomplete`, `timed-out`, or `error` (no answer at all).
    var outcome: String
    var refusal: String?
    var journalSequence: UInt64?
    var balance: Int64?
    /// The member the answer names (an enrolment's new member id).
    var memberId: String?
    /// Tries until a final answer (card pulled, terminal restarting).
    var attempts: Int
    /// Seconds from the first try to the final answer, and of the final try alone.
    var seconds: Double
    var lastTrySeconds: Double
    var startedAt: Double
    var finishedAt: Double
    /// What card was used, when not the member's own: `copy`, `lost` (a replaced card), or
    /// `none` (a sale without the card).
    var card: String?
    /// Why each try before the last was made again (`timed-out`, `card-removed`, `no answer`, ...).
    var retriedBecause: [String] = []
    /// A sale's receipt reference, as its answer gave it (`LT1.…`).
    var receipt: String?
    /// A refund drawn by ``Scenario/refunds``: of which sale, how it was made and answered.
    var refund: RefundTrace?
}

/// A refund of ``Scenario/refunds`` as the cashier made it.
struct RefundTrace: Sendable, Codable {
    var saleId: String
    /// The till of the sale (0-based).
    var saleTerminal: Int
    /// The sale's receipt reference was sent.
    var withReceipt = false
    var withoutCard = false
    /// For a refund at another till without the receipt: whether the sale's till was seen to
    /// have synced the sale before the refund was sent (else the back office may not know it).
    var saleSynced: Bool?
    /// Not made: why (the sale never completed, or its answer never came).
    var skipped: String?
    /// The answer's `refundedAmount` and `fallback`.
    var refundedAmount: Int64?
    var fallback: String?
}

/// A fault as fired (or a member-life event: the same form).
struct FaultRecord: Sendable, Codable {
    var number: Int
    var kind: String
    var afterRequests: Int
    var at: Double
    var target: String
    var effects: [String]
}

/// Records waiting for sync at each terminal at one moment (nil: the terminal did not answer).
struct LagSample: Sendable, Codable {
    var at: Double
    var waiting: [Int?]
}
