import LedgerFormat
import MemberCard
import PointsEngine

extension CheckoutService {
    /// Step 3, settle the card's transactions in doubt: what the card proves about them
    /// (``InDoubtResolution``); the voids are journaled, the confirmations and the transactions
    /// left unresolved ride in the next entry. The resolution's base is the member state the
    /// transaction starts from.
    func settleInDoubt(of card: CardOnReader, for work: CheckoutWork, now: Timestamp) throws(TapEnd) -> InDoubtResolution {
        let newMember = MemberState.newMember(of: engine.programme)
        let resolution = state.withLock { state in
            if card.identity.trust == .uidOnly {
                // The newer of the terminal's own and the back office's.
                if let remote = card.remote, state.index.offer(remote, for: card.identity.member) {
                    logger.info("UID-only state from the back office", metadata: ["member": "\(card.identity.member)"])
                }
                return InDoubtResolution(
                    chain: [], card: nil, cardWriter: nil, terminalID: configuration.terminalID,
                    newMember: state.index.uidStates[card.identity.member]?.state ?? newMember)
            }
            return InDoubtResolution(
                chain: state.index.inDoubt(forCard: card.identity.card), card: card.carried, cardWriter: card.writer,
                terminalID: configuration.terminalID, newMember: newMember)
        }
        state.withLock { state in
            for sequence in resolution.confirmed { state.index.confirm(sequence) }
            for sequence in resolution.unresolved { state.index.leaveUnresolved(sequence) }
        }
        if !resolution.unresolved.isEmpty {
            logger.warning(
                "in-doubt transactions left to the back office: the card cannot tell whether they reached it",
                metadata: ["sequences": "\(resolution.unresolved)"])
        }
        for voided in resolution.voided {
            var entry = LedgerEntry(kind: .void, terminalId: configuration.terminalID, time: now.secondsSinceEpoch)
            entry.voided = voided
            entry.reason = resolution.voidReason
            if case .failure(let refusal) = journalAppend(&entry) {
                throw .refused(work, refusal.code, "transaction \(voided) could not be voided: \(refusal.reason)")
            }
            logger.notice("in-doubt transaction voided", metadata: ["sequence": "\(voided)"])
        }
        return resolution
    }

    /// Step 3 continued, a retried request: a request journaled before ends here, with its
    /// answer given again, carried to the card when it was in doubt, or refused when it was in
    /// doubt for another card. A new request goes on.
    func finishRetry(_ work: CheckoutWork, resolution: InDoubtResolution, card: inout CardOnReader, over session: any CardSession)
        async throws(TapEnd)
    {
        guard let id = work.requestId else { return }
        enum Retry {
            case answer(CheckoutAnswer)
            case rollForward(UInt64, CheckoutAnswer)
        }
        let retry = state.withLock { state -> Retry? in
            guard let given = state.index.given[id], let answer = given.entry.answer else { return nil }
            if resolution.carriedForward.contains(given.sequence), let last = resolution.carriedForward.last {
                return .rollForward(last, Self.replay(answer, sequence: given.sequence))
            }
            if state.index.isInDoubt(given.sequence) {
                return .answer(.refused(work.kind, id, .wrongCard, "\(id) was journaled for another card; tap that card to finish it"))
            }
            return .answer(Self.replay(answer, sequence: given.sequence))
        }
        switch retry {
        case nil: return
        case .answer(let answer): throw .answer(answer)
        case .rollForward(let sequence, let answer):
            throw TapEnd(outcome: await rollForward(resolution, card: &card, session: session, answer: answer, sequence: sequence))
        }
    }

    /// Writes the state of the transactions carried forward (they were journaled, the card
    /// missed them) under the newest one's sequence.
    func rollForward(
        _ resolution: InDoubtResolution, card: inout CardOnReader, session: any CardSession,
        answer: CheckoutAnswer, sequence: UInt64
    ) async -> TapOutcome {
        guard let member = resolution.carriedState else { return .answer(answer) }
        let carried = resolution.card.written(
            by: CarriedState.Write(terminalID: configuration.terminalID, sequence: sequence), member: member)
        if let refusal = await terminal.write(
            Self.pointsState(carried, sequence: sequence), after: &card.reading,
            credential: configuration.credential, over: session)
        {
            if case .writeRefused = refusal {
                return .answer(.refused(answer.kind, answer.requestId, .cardWriteFailed, refusal.description))
            }
            return .inDoubt(sequence, answer)
        }
        state.withLock { state in
            for carried in resolution.carriedForward { state.index.confirm(carried) }
        }
        logger.info("in-doubt transactions carried to the card", metadata: ["sequences": "\(resolution.carriedForward)"])
        return .answer(answer)
    }
}
