import CardProfile
import LedgerFormat
import MemberCard
import PCSC
import PointsEngine

extension CheckoutService {
    /// One tap, as a sequence of named steps (each in `Steps/`): the request was validated
    /// before the wait (``validate(_:)``); then read the card, settle its transactions in doubt
    /// (a retried request may end here), price with the engine, reserve in the journal, write
    /// the card, commit, answer; then the reader's feedback (``signal(_:reader:over:)``). A step
    /// that ends the tap early throws its outcome (``TapEnd``). On a reader whose profile says it
    /// carries short APDUs only, the commands go out chained (``ShortAPDUSession``).
    func tap(_ work: CheckoutWork, over session: any CardSession) async -> TapOutcome {
        let reader = configuration.readerProfiles.profile(forReader: session.readerName ?? "")
        let outcome = await steps(work, over: reader.carriesExtendedAPDUs ? session : ShortAPDUSession(session))
        await signal(outcome, reader: reader, over: session)
        return outcome
    }

    private func steps(_ work: CheckoutWork, over session: any CardSession) async -> TapOutcome {
        if case .enrolment(let request) = work { return await enrolSteps(request, over: session) }
        if case .approval(let request) = work { return await approvalSteps(request, over: session) }
        do throws(TapEnd) {
            let now = self.now()
            let today = try self.today(at: now, for: work)
            var card = try await readCard(for: work, over: session, today: today)
            let resolution = try settleInDoubt(of: card, for: work, now: now)
            try await finishRetry(work, resolution: resolution, card: &card, over: session)
            var priced: PricedTransaction
            if let till = try priceTillOperation(work, card: card.identity, base: resolution.base, now: now) {
                priced = till
            } else {
                let live = await liveBalance(for: work, card: card.identity, base: resolution.base)
                priced = try price(work, card: card.identity, base: resolution.base, now: now, live: live)
            }
            if let replacement = card.replacement { priced.answer.lines.insert(Self.replacementLine(replacement), at: 0) }
            try await endUnchangedEnquiry(work, priced: priced, resolution: resolution, card: &card, over: session)
            let sequence = try reserve(work, card: card, resolution: resolution, priced: priced, now: now)
            if card.identity.trust == .memberCard {
                try await writeCard(priced, sequence: sequence, resolution: resolution, card: &card, over: session, now: now)
                commit(sequence)
            }
            return .answer(Self.answer(priced, sequence: sequence))
        } catch {
            return error.outcome
        }
    }

    /// The programme's calendar day at `now` (a clock out of the card's range refuses the tap).
    private func today(at now: Timestamp, for work: CheckoutWork) throws(TapEnd) -> CalendarDate {
        let day = now.day(utcOffsetMinutes: engine.programme.utcOffsetMinutes)
        guard let today = try? CalendarDate(day) else {
            throw .refused(work, .terminalFault, "the terminal's clock is out of range: \(day)")
        }
        return today
    }
}
