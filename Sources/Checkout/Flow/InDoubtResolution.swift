import PointsEngine

/// What the card says about this terminal's transactions in doubt for it.
///
/// The in-doubt transactions of one card form a chain: each was evaluated on the state the
/// previous one would leave. The card shows how far the chain got:
/// - it was written by one of them (or remembers that write): that one and all before it
///   reached the card (**confirmed**);
/// - it still holds exactly the state the first missing one started from: the rest can be
///   **carried forward** (their state is the base of the next write);
/// - it holds some other state (the member used another terminal since): the rest never
///   will reach it (**voided**: journaled as not counting).
struct InDoubtResolution: Sendable {
    var confirmed: [UInt64] = []
    var carriedForward: [UInt64] = []
    var voided: [UInt64] = []
    /// The member state the next transaction starts from.
    var base: MemberState
    /// The writes the next card state remembers, newest first.
    var writes: [CarriedState.Write]
    /// The state of the last transaction carried forward (what a roll-forward writes).
    var carriedState: MemberState?

    init(
        chain: [(sequence: UInt64, entry: LedgerEntry)], card: CarriedState?, cardWriter: CarriedState.Write?,
        terminalID: UInt32, newMember: MemberState
    ) {
        base = card?.member ?? newMember
        writes = card?.writes ?? []
        var firstMissing = 0
        for (index, link) in chain.enumerated() {
            let write = CarriedState.Write(terminalID: terminalID, sequence: link.sequence)
            if cardWriter == write || card?.contains(write) == true { firstMissing = index + 1 }
        }
        confirmed = chain.prefix(firstMissing).map(\.sequence)
        let missing = Array(chain.dropFirst(firstMissing))
        guard let first = missing.first else { return }
        let startedFrom = first.entry.previousWrite.map { CarriedState.Write(terminalID: $0.terminalId, sequence: $0.sequence) }
        if startedFrom == cardWriter, let last = missing.last, let state = last.entry.memberState() {
            carriedForward = missing.map(\.sequence)
            base = state
            carriedState = state
            writes = missing.reversed().map { CarriedState.Write(terminalID: terminalID, sequence: $0.sequence) } + writes
        } else {
            voided = missing.map(\.sequence)
        }
    }
}
