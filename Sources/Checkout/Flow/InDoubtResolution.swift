import LedgerFormat
import PointsEngine

/// What the card proves about this terminal's transactions in doubt for it.
///
/// The in-doubt transactions of one card form a chain: each was evaluated on the state the
/// previous one would leave, and all continue the same card state (the one the first started
/// from), so at most one of them was ever written onto the card. The card shows how far the
/// chain got (`docs/checkout.md`, "In doubt"):
/// - it was written by one of them, or its list of writers gives this terminal that sequence
///   or a higher one: that one and all before it reached the card (**confirmed**);
/// - it still holds exactly the state the chain started from: none reached it, and the rest
///   can be **carried forward** (their state is the base of the next write);
/// - it holds some other state, and it proves none of the rest reached it (its list names this
///   terminal below them, or names every terminal that ever wrote it; or, on a format-1 card,
///   the write after the starting state is another one): **voided**, journaled as not counting;
/// - it holds some other state and cannot tell: **unresolved**. They stay counted, the terminal
///   goes on from the card's state, and the back office settles them from the synced chain.
struct InDoubtResolution: Sendable {
    var confirmed: [UInt64] = []
    var carriedForward: [UInt64] = []
    var voided: [UInt64] = []
    var unresolved: [UInt64] = []
    /// Why the card proves the voided ones never reached it.
    var voidReason = ""
    /// What the card carries, with the member state the next transaction starts from: the
    /// card's own, or that of the last transaction carried forward.
    var card: CarriedState
    /// The state of the last transaction carried forward (what a roll-forward writes).
    var carriedState: MemberState?

    /// The member state the next transaction starts from.
    var base: MemberState { card.member }

    init(
        chain: [(sequence: UInt64, entry: LedgerEntry)], card: CarriedState?, cardWriter: CarriedState.Write?,
        terminalID: UInt32, newMember: MemberState
    ) {
        self.card = card ?? .blank(member: newMember)
        let highest = self.card.highestSequence(of: terminalID)
        var firstMissing = 0
        for (index, link) in chain.enumerated() {
            let write = CarriedState.Write(terminalID: terminalID, sequence: link.sequence)
            let landed = cardWriter == write || self.card.recentWrites.contains(write) || highest.map { $0 >= link.sequence } == true
            if landed { firstMissing = index + 1 }
        }
        confirmed = chain.prefix(firstMissing).map(\.sequence)
        let missing = Array(chain.dropFirst(firstMissing))
        guard let first = missing.first else { return }
        let startedFrom = first.entry.previousWrite.map { CarriedState.Write(terminalID: $0.terminalId, sequence: $0.sequence) }
        let sequences = missing.map(\.sequence)
        if startedFrom == cardWriter, let last = missing.last, let state = last.entry.memberState() {
            carriedForward = sequences
            self.card.member = state
            carriedState = state
        } else if let proof = Self.proofNeverLanded(card: card, terminalID: terminalID, startedFrom: startedFrom, missing: sequences) {
            voided = sequences
            voidReason = proof
        } else {
            unresolved = sequences
        }
    }

    /// Why `card` proves that none of `missing` (this terminal's, all continuing the state
    /// `startedFrom` wrote) reached it; nil when it cannot.
    private static func proofNeverLanded(
        card: CarriedState?, terminalID: UInt32, startedFrom: CarriedState.Write?, missing: [UInt64]
    ) -> String? {
        guard let card else { return "the card holds no state at all, so none of its writes reached it" }
        if card.knowsEveryWrite(of: terminalID) {
            guard let highest = card.highestSequence(of: terminalID) else {
                return "the card names every terminal that ever wrote it, and not this one: it never reached the card"
            }
            return "the card's highest write from this terminal is #\(highest), before this transaction: it never reached the card"
        }
        // Format 1: the write after the starting state, if the card still remembers it.
        let recent = card.recentWrites
        let after: CarriedState.Write?
        if let startedFrom {
            guard let position = recent.firstIndex(of: startedFrom), position > 0 else { return nil }
            after = recent[position - 1]
        } else {
            after = recent.count < CarriedState.formatOneWrites ? recent.last : nil
        }
        guard let after, !(after.terminalID == terminalID && missing.contains(after.sequence)) else { return nil }
        return
            "the card's write after the state this transaction started from was terminal \(after.terminalID) #\(after.sequence): it never reached the card"
    }
}
