import CardProfile
import LedgerFormat
import MemberCard
import PointsEngine

extension CheckoutService {
    /// Step 6, write the card: the new state, bound to the card's session and signed by this
    /// terminal under the transaction's sequence. A card that refused the write is left as it
    /// was (the transaction is voided); a card that left, or any other failure, leaves the
    /// transaction in doubt.
    func writeCard(
        _ priced: PricedTransaction, sequence: UInt64, resolution: InDoubtResolution, card: inout CardOnReader,
        over session: any CardSession, now: Timestamp
    ) async throws(TapEnd) {
        let write = CarriedState.Write(terminalID: configuration.terminalID, sequence: sequence)
        let newState = Self.pointsState(resolution.card.written(by: write, member: priced.result.state), sequence: sequence)
        guard let refusal = await terminal.write(newState, after: &card.reading, credential: configuration.credential, over: session) else {
            return
        }
        var answer = priced.answer
        answer.journalSequence = sequence
        guard case .writeRefused = refusal else {
            logger.warning("card write not confirmed", metadata: ["sequence": "\(sequence)", "reason": "\(refusal)"])
            throw TapEnd(outcome: .inDoubt(sequence, answer))
        }
        var void = LedgerEntry(kind: .void, terminalId: configuration.terminalID, time: now.secondsSinceEpoch)
        void.voided = sequence
        void.reason = "the card refused its new state: \(refusal)"
        if case .failure = journalAppend(&void) { throw TapEnd(outcome: .inDoubt(sequence, answer)) }
        throw .answer(.refused(answer.kind, answer.requestId, .cardWriteFailed, refusal.description))
    }

    /// Step 7, commit: the card confirmed its new state; the next entry journals the confirmation.
    func commit(_ sequence: UInt64) {
        state.withLock { $0.index.confirm(sequence) }
    }

    /// The card's points state for `carried`, written by this terminal's transaction `sequence`.
    static func pointsState(_ carried: CarriedState, sequence: UInt64) -> PointsState {
        let member = carried.member
        let spend = member.spend.reduce(Int64(0)) { $0 &+ $1.amount }
        return PointsState(
            cardKeyID: [], counter: 0, terminalID: 0, terminalSequence: sequence, balance: member.balance,
            tier: member.tierId, qualifyingSpend: UInt64(max(0, spend)),
            lastVisit: member.lastVisit.flatMap { try? CalendarDate($0) }, engineState: carried.encoded())
    }
}
