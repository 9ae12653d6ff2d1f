import LedgerFormat
import MemberCard
import PointsEngine
import Timekeeping

extension CheckoutService {
    /// Answers from the journal when the request was already answered, else waits for taps
    /// until the request is settled or its wait ends.
    func run(_ work: CheckoutWork) async -> CheckoutAnswer {
        if let answer = answerFromJournal(work) { return answer }
        let admitted = state.withLock { state -> Refusal? in
            if state.closed { return Refusal(.terminalFault, "the terminal is shutting down") }
            if let pending = state.pending {
                return Refusal(.busy, "request \(pending.requestId ?? "(balance)") is waiting for a tap")
            }
            state.pending = Pending(requestId: work.requestId)
            return nil
        }
        if let admitted {
            let answer = CheckoutAnswer.refused(work.kind, work.requestId, admitted.code, admitted.reason)
            state.withLock { state in
                // A second sending of the request under way is not its answer.
                if let id = work.requestId, state.pending?.requestId != id { state.recent.remember(answer, for: id) }
            }
            return answer
        }
        let wait = work.waitSeconds.map { Duration.seconds($0) } ?? configuration.defaultWait
        let deadline = Deadline(after: wait, on: clock)
        let task = Task { await self.attempt(work, until: deadline) }
        state.withLock { $0.pending?.task = task }
        let answer = await task.value
        state.withLock { state in
            state.pending = nil
            guard let id = work.requestId else { return }
            if answer.journalSequence == nil || state.index.given[id] == nil {
                state.recent.remember(answer, for: id)
            } else {
                state.recent.forget(id)
            }
        }
        metrics.inDoubt(inDoubtCount)
        return answer
    }

    /// The journaled answer for a retried request, an id conflict, or `nil` when a tap is needed.
    func answerFromJournal(_ work: CheckoutWork) -> CheckoutAnswer? {
        guard let id = work.requestId else { return nil }
        return state.withLock { state -> CheckoutAnswer? in
            guard let given = state.index.given[id] else { return nil }
            guard work.isSameRequest(as: given.entry) else {
                return .refused(work.kind, id, .idConflict, "\(id) was used before for another \(given.entry.kind.rawValue)")
            }
            guard !state.index.isInDoubt(given.sequence), let answer = given.entry.answer else { return nil }
            // An enrolment is answered from the journal once its card was seen complete.
            if given.entry.kind == .enrolment, !state.completedEnrolments.contains(given.sequence) { return nil }
            return Self.replay(answer, sequence: given.sequence)
        }
    }

    /// Waits for the card and taps until the request is settled or `deadline` passes.
    private func attempt(_ work: CheckoutWork, until deadline: Deadline) async -> CheckoutAnswer {
        var unsettled: (sequence: UInt64, answer: CheckoutAnswer)?
        var removedEarly: CheckoutAnswer?
        var serviceRetried = false
        while true {
            let remaining = deadline.remaining
            let session: any CardSession
            do throws(CardWaitError) {
                guard remaining > .zero, !isCancelled else { throw isCancelled ? .cancelled : .timedOut }
                session = try await connector.connect(timeout: remaining)
            } catch {
                if let unsettled { return Self.incomplete(unsettled.answer, sequence: unsettled.sequence) }
                switch error {
                case .timedOut:
                    return removedEarly ?? CheckoutAnswer(outcome: .timedOut, kind: work.kind, requestId: work.requestId)
                case .cancelled: return CheckoutAnswer(outcome: .cancelled, kind: work.kind, requestId: work.requestId)
                case .cardRemoved: continue
                case .serviceUnavailable(let why):
                    // No card can be read while pcscd is down: say so at once rather than wait
                    // out the request. One fresh try first, for a pcscd that has just restarted.
                    logger.warning("card service unavailable", metadata: ["reason": "\(why)"])
                    if !serviceRetried {
                        serviceRetried = true
                        try? await clock.sleep(for: .milliseconds(100))
                        continue
                    }
                    return .refused(work.kind, work.requestId, .terminalFault, "the card service (pcscd) is not running: \(why)")
                case .readerUnavailable(let why):
                    // The reader may come back (pcscd restarted): keep trying until the wait ends.
                    logger.warning("reader unavailable", metadata: ["reason": "\(why)"])
                    if deadline.remaining <= .milliseconds(250) {
                        return .refused(work.kind, work.requestId, .terminalFault, why)
                    }
                    try? await clock.sleep(for: .milliseconds(250))
                    continue
                }
            }
            guard beginTapping() else {
                await session.end()
                return CheckoutAnswer(outcome: .cancelled, kind: work.kind, requestId: work.requestId)
            }
            let started = ContinuousClock.now
            let outcome = await tap(work, over: session)
            await session.end()
            switch outcome {
            case .answer(let answer) where answer.refusal?.code == .cardRemoved:
                // The card left before anything was journaled: wait for it to come back.
                metrics.finished(answer, tapDuration: nil)
                removedEarly = answer
                endTapping()
            case .answer(var answer):
                metrics.finished(answer, tapDuration: ContinuousClock.now - started)
                // The card came back within this wait and settled this request's own journaled
                // transaction: this is its first answer to the POS, not a stored one given again.
                if let unsettled, answer.journalSequence == unsettled.sequence { answer.replayed = false }
                return answer
            case .inDoubt(let sequence, let answer):
                // The card left before confirming its new state: wait for it to come back.
                metrics.finished(Self.incomplete(answer, sequence: sequence), tapDuration: nil)
                unsettled = (sequence, answer)
                endTapping()
            }
        }
    }

    private var isCancelled: Bool {
        Task.isCancelled || state.withLock { $0.pending?.cancelled ?? false }
    }

    /// Marks the request as tapping (no longer cancellable); false when it was cancelled.
    private func beginTapping() -> Bool {
        state.withLock { state in
            guard !(state.pending?.cancelled ?? false), !Task.isCancelled else { return false }
            state.pending?.tapping = true
            return true
        }
    }

    private func endTapping() {
        state.withLock { $0.pending?.tapping = false }
    }

    static func incomplete(_ answer: CheckoutAnswer, sequence: UInt64) -> CheckoutAnswer {
        var answer = answer
        answer.outcome = .incomplete
        answer.journalSequence = sequence
        answer.refusal = Refusal(
            .cardRemoved,
            "the card left before confirming its new state; the transaction is journaled as \(sequence): "
                + "tap the same card again with the same request to finish it")
        return answer
    }
}
