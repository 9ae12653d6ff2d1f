import CardProfile
import MemberCard
import PCSC

/// What `loyalty-terminal read-card --json` prints for one tap.
struct ReadCardReport: Encodable {
    struct Step: Encodable {
        var step: String
        var passed: Bool
        var detail: String
    }

    struct State: Encodable {
        var balance: Int64
        var tier: String
        var qualifyingSpend: UInt64
        var lastVisit: String?
        var counter: UInt32
        var terminalID: UInt32
        var terminalSequence: UInt64
        var engineStateBytes: Int
    }

    var reader: String
    /// `member-card`, `uid-only` or `none`.
    var trust: String
    var verified: Bool
    var memberID: String?
    var programmeID: UInt32?
    var cardClass: String?
    var expires: String?
    var uid: String?
    var steps: [Step]
    var state: State?
    var counter: UInt32?
    var apdus: Int
    var refusal: String?
    var refusalDetail: String?

    init(reader: String, reading: CardReading) {
        self.reader = reader
        trust = reading.trust.rawValue
        verified = reading.isVerified
        memberID = reading.record?.memberID
        programmeID = reading.record?.programmeID
        cardClass = reading.record.map { "\($0.cardClass)" } ?? (reading.trust == .uidOnly ? "uid-only" : nil)
        expires = reading.record.map { "\($0.expires)" }
        uid = reading.uid.map { Hex.encode($0) }
        steps = reading.steps.map { Step(step: $0.name.rawValue, passed: $0.passed, detail: $0.detail) }
        state = reading.state.map {
            State(
                balance: $0.balance, tier: $0.tier, qualifyingSpend: $0.qualifyingSpend, lastVisit: $0.lastVisit.map { "\($0)" },
                counter: $0.counter, terminalID: $0.terminalID, terminalSequence: $0.terminalSequence,
                engineStateBytes: $0.engineState.count)
        }
        counter = reading.counter
        apdus = reading.commands
        refusal = reading.refusal?.code
        refusalDetail = reading.refusal?.description
    }
}
