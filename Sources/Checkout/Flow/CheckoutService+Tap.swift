import CardProfile
import LoyaltyJournal
import MemberCard
import PCSC
import PointsEngine

/// How one tap ended.
enum TapOutcome: Sendable {
    /// Settled: answer the POS.
    case answer(CheckoutAnswer)
    /// Journaled, but the card did not confirm its new state.
    case inDoubt(UInt64, CheckoutAnswer)
}

/// Who the card is, as far as it could be trusted.
struct CardIdentity: Sendable {
    /// The card key id (member cards) or UID (UID-only cards), in hex: the key of its transactions.
    var card: String
    /// The member id, or `uid:HEX`.
    var member: String
    var trust: TrustClass
    var birthday: MonthDay?
}

extension CheckoutService {
    /// One tap: read, settle the card's transactions in doubt, apply, journal, write.
    func tap(_ work: CheckoutWork, over session: any CardSession) async -> TapOutcome {
        let now = clock.now()
        let engine = self.engine
        let programme = engine.programme
        let day = now.day(utcOffsetMinutes: programme.utcOffsetMinutes)
        guard let today = try? CalendarDate(day) else {
            return .answer(.refused(work.kind, work.requestId, .terminalFault, "the terminal's clock is out of range: \(day)"))
        }
        let uidCommand = configuration.readerProfiles.profile(forReader: session.readerName ?? "").uidCommand
        var reading = await terminal.read(over: session, today: today, uidCommand: uidCommand)
        guard reading.trust != .none else {
            let refusal = reading.refusal ?? .transport("nothing could be read")
            if case .transport = refusal { metrics.apduError() }
            if case .malformedAnswer = refusal { metrics.apduError() }
            var answer = CheckoutAnswer.refused(work.kind, work.requestId, .cardRefused, "")
            answer.refusal = Refusal(card: refusal)
            answer.memberId = reading.record?.memberID
            return .answer(answer)
        }
        let identity = Self.identity(of: reading)
        if identity.trust == .uidOnly, !configuration.acceptUIDOnlyCards {
            return .answer(.refused(work.kind, work.requestId, .uidOnlyRefused, "this terminal takes member cards only"))
        }
        let carried: CarriedState?
        do {
            carried = try reading.state.map { state throws(CarriedStateError) in try CarriedState(bytes: state.engineState) }
        } catch {
            return .answer(.refused(work.kind, work.requestId, .cardRefused, "the card's engine state cannot be read: \(error)"))
        }
        let cardWriter = reading.state.map { CarriedState.Write(terminalID: $0.terminalID, sequence: $0.terminalSequence) }
        let newMember = MemberState.newMember(of: programme)
        let resolution = state.withLock { state in
            if identity.trust == .uidOnly {
                return InDoubtResolution(chain: [], card: nil, cardWriter: nil, terminalID: configuration.terminalID,
                                         newMember: state.index.uidStates[identity.member] ?? newMember)
            }
            return InDoubtResolution(
                chain: state.index.inDoubt(forCard: identity.card), card: carried, cardWriter: cardWriter,
                terminalID: configuration.terminalID, newMember: newMember)
        }
        if let failure = settle(resolution, now: now, kind: work.kind, requestId: work.requestId) { return .answer(failure) }

        if let retry = retried(work, resolution: resolution) {
            switch retry {
            case .answer(let answer): return .answer(answer)
            case .rollForward(let sequence, let answer):
                return await rollForward(resolution, reading: &reading, session: session, answer: answer, sequence: sequence)
            }
        }

        let connectivity = state.withLock { ($0.online, $0.lastSync) }
        let context = TerminalContext(
            online: connectivity.0, lastSync: connectivity.1,
            cardClass: identity.trust == .uidOnly ? .uidOnly : .memberCard, birthday: identity.birthday,
            pendingGrants: grants(for: identity.member))
        let transaction: Transaction
        var billAmount: Int64?
        var refundedSaleId: String?
        switch work {
        case .sale(let request):
            transaction = .sale(request.sale)
            billAmount = request.amount
        case .refund(let request):
            switch refundable(request, card: identity.card) {
            case .success(let original):
                transaction = .refund(Refund(refundId: request.refundId, original: original, amount: request.amount.map { .amount($0) } ?? .full))
                refundedSaleId = request.saleId
            case .failure(let refusal):
                return .answer(.refused(.refund, request.refundId, refusal.code, refusal.reason))
            }
        case .balance:
            transaction = .inquiry
        }
        let result: EvaluationResult
        do {
            result = try engine.evaluate(transaction, member: resolution.base, now: now, context: context)
        } catch {
            return .answer(.refused(work.kind, work.requestId, .programmeRefused, error.description))
        }
        var answer = CheckoutAnswer(outcome: .completed, kind: work.kind, requestId: work.requestId)
        answer.saleId = refundedSaleId
        answer.memberId = identity.member
        answer.trust = identity.trust.rawValue
        answer.apply(result, billAmount: billAmount)

        if case .balance = work, result.state == resolution.base {
            guard let last = resolution.carriedForward.last else { return .answer(answer) }
            return await rollForward(resolution, reading: &reading, session: session, answer: answer, sequence: last)
        }

        var entry = LedgerEntry(kind: work.ledgerKind, terminalId: configuration.terminalID, time: now.secondsSinceEpoch)
        entry.requestId = work.requestId
        if case .sale(let request) = work { entry.sale = request.sale }
        if case .refund(let request) = work {
            entry.refundedSaleId = request.saleId
            entry.refundAmount = request.amount
        }
        entry.member = identity.member
        entry.card = identity.card
        entry.trust = identity.trust.rawValue
        entry.cardCounter = identity.trust == .memberCard ? reading.counter : nil
        entry.previousWrite = cardWriter.map { LedgerEntry.CarriedWrite(terminalId: $0.terminalID, sequence: $0.sequence) }
        entry.carriedForward = resolution.carriedForward
        entry.saleRecord = result.saleRecord
        entry.setMemberState(result.state)
        entry.answer = answer
        let sequence: UInt64
        switch journalAppend(&entry) {
        case .success(let appended): sequence = appended
        case .failure(let refusal): return .answer(.refused(work.kind, work.requestId, refusal.code, refusal.reason))
        }
        answer.journalSequence = sequence
        guard identity.trust == .memberCard else { return .answer(answer) }

        let write = CarriedState.Write(terminalID: configuration.terminalID, sequence: sequence)
        let newState = Self.pointsState(resolution.card.written(by: write, member: result.state), sequence: sequence)
        if let refusal = await terminal.write(newState, after: &reading, credential: configuration.credential, over: session) {
            return failedWrite(refusal, sequence: sequence, answer: answer, now: now)
        }
        state.withLock { $0.index.confirm(sequence) }
        return .answer(answer)
    }

    // MARK: Steps

    static func identity(of reading: CardReading) -> CardIdentity {
        guard reading.trust == .memberCard, let record = reading.record else {
            let uid = PCSC.Hex.encode(reading.uid ?? [])
            return CardIdentity(card: "uid:\(uid)", member: "uid:\(uid)", trust: .uidOnly, birthday: nil)
        }
        let birthday = record.birthdayMonth == 0 ? nil : MonthDay(month: Int(record.birthdayMonth), day: Int(record.birthdayDay))
        return CardIdentity(card: PCSC.Hex.encode(record.cardKeyID), member: record.memberID, trust: .memberCard, birthday: birthday)
    }

    /// Journals the voids of the resolution and takes in its confirmations and the transactions
    /// it leaves unresolved (the next entry journals both); an answer when the journal failed.
    private func settle(_ resolution: InDoubtResolution, now: Timestamp, kind: CheckoutAnswer.Kind, requestId: String?) -> CheckoutAnswer? {
        state.withLock { state in
            for sequence in resolution.confirmed { state.index.confirm(sequence) }
            for sequence in resolution.unresolved { state.index.leaveUnresolved(sequence) }
        }
        if !resolution.unresolved.isEmpty {
            logger.warning("in-doubt transactions left to the back office: the card cannot tell whether they reached it",
                           metadata: ["sequences": "\(resolution.unresolved)"])
        }
        for voided in resolution.voided {
            var entry = LedgerEntry(kind: .void, terminalId: configuration.terminalID, time: now.secondsSinceEpoch)
            entry.voided = voided
            entry.reason = resolution.voidReason
            if case .failure(let refusal) = journalAppend(&entry) {
                return .refused(kind, requestId, refusal.code, "transaction \(voided) could not be voided: \(refusal.reason)")
            }
            logger.notice("in-doubt transaction voided", metadata: ["sequence": "\(voided)"])
        }
        return nil
    }

    private enum Retry {
        case answer(CheckoutAnswer)
        case rollForward(UInt64, CheckoutAnswer)
    }

    /// For a retried request that was in doubt: its answer now that the card settled it.
    private func retried(_ work: CheckoutWork, resolution: InDoubtResolution) -> Retry? {
        guard let id = work.requestId else { return nil }
        return state.withLock { state -> Retry? in
            guard let given = state.index.given[id], let answer = given.entry.answer else { return nil }
            if resolution.carriedForward.contains(given.sequence), let last = resolution.carriedForward.last {
                return .rollForward(last, Self.replay(answer, sequence: given.sequence))
            }
            if state.index.isInDoubt(given.sequence) {
                return .answer(.refused(work.kind, id, .wrongCard, "\(id) was journaled for another card; tap that card to finish it"))
            }
            return .answer(Self.replay(answer, sequence: given.sequence))
        }
    }

    /// Writes the state of the transactions carried forward (they were journaled, the card
    /// missed them) under the newest one's sequence.
    private func rollForward(
        _ resolution: InDoubtResolution, reading: inout CardReading, session: any CardSession,
        answer: CheckoutAnswer, sequence: UInt64
    ) async -> TapOutcome {
        guard let member = resolution.carriedState else { return .answer(answer) }
        let carried = resolution.card.written(by: CarriedState.Write(terminalID: configuration.terminalID, sequence: sequence), member: member)
        if let refusal = await terminal.write(Self.pointsState(carried, sequence: sequence), after: &reading,
                                              credential: configuration.credential, over: session) {
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

    private func refundable(_ request: RefundRequest, card: String) -> Result<SaleRecord, Refusal> {
        state.withLock { state in
            guard let history = state.index.sales[request.saleId], let latest = history.latest else {
                return .failure(Refusal(.unknownSale, "sale \(request.saleId) is not in this terminal's journal"))
            }
            guard history.card == card else {
                return .failure(Refusal(.wrongCard, "sale \(request.saleId) was made with another card"))
            }
            guard !latest.isFullyRefunded else {
                return .failure(Refusal(.alreadyRefunded, "sale \(request.saleId) is already fully refunded"))
            }
            return .success(latest)
        }
    }

    /// How many appends between two looks at what the ring has overwritten.
    public static let forgetInterval: UInt64 = 64

    /// Drops from the index what the journal no longer retains.
    func forgetOverwritten() {
        guard let oldest = try? journal.statistics().oldestSequence else { return }
        state.withLock { $0.index.forget(before: oldest) }
    }

    /// Appends `entry` (with the confirmations waiting to be journaled) and indexes it.
    func journalAppend(_ entry: inout LedgerEntry) -> Result<UInt64, Refusal> {
        let settlements = state.withLock { $0.index.takeSettlements() }
        entry.confirmed += settlements.confirmed
        if !settlements.unresolved.isEmpty { entry.unresolved = (entry.unresolved ?? []) + settlements.unresolved }
        do {
            let sequence = try journal.append(try entry.encoded())
            let indexed = entry
            state.withLock { $0.index.apply(indexed, sequence: sequence) }
            if sequence % Self.forgetInterval == 0 { forgetOverwritten() }
            appendObserver.withLock { $0 }?.notify()
            return .success(sequence)
        } catch {
            state.withLock { $0.index.restoreSettlements(settlements) }
            entry.confirmed.removeLast(settlements.confirmed.count)
            entry.unresolved?.removeLast(settlements.unresolved.count)
            if entry.unresolved?.isEmpty == true { entry.unresolved = nil }
            if let error = error as? JournalError, case .journalFull = error {
                return .failure(Refusal(.journalFull, "\(error)"))
            }
            logger.error("journal append failed", metadata: ["error": "\(error)"])
            return .failure(Refusal(.terminalFault, "the journal failed: \(error)"))
        }
    }

    /// After a failed card write: a refused write left the card as it was (the transaction is
    /// voided); anything else leaves it in doubt.
    private func failedWrite(_ refusal: CardRefusal, sequence: UInt64, answer: CheckoutAnswer, now: Timestamp) -> TapOutcome {
        guard case .writeRefused = refusal else {
            logger.warning("card write not confirmed", metadata: ["sequence": "\(sequence)", "reason": "\(refusal)"])
            return .inDoubt(sequence, answer)
        }
        var void = LedgerEntry(kind: .void, terminalId: configuration.terminalID, time: now.secondsSinceEpoch)
        void.voided = sequence
        void.reason = "the card refused its new state: \(refusal)"
        if case .failure = journalAppend(&void) { return .inDoubt(sequence, answer) }
        return .answer(.refused(answer.kind, answer.requestId, .cardWriteFailed, refusal.description))
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

extension CheckoutWork {
    var ledgerKind: LedgerEntry.Kind {
        switch self {
        case .sale: .sale
        case .refund: .refund
        case .balance: .balance
        }
    }
}

extension CalendarDate {
    /// The calendar date of an engine day.
    init(_ day: Day) throws(CardProfileError) {
        let civil = day.civil
        guard (1...9999).contains(civil.year) else { throw .invalidValue(tag: 0x88, reason: "year \(civil.year)") }
        try self.init(year: UInt16(civil.year), month: UInt8(civil.month), day: UInt8(civil.day))
    }
}
