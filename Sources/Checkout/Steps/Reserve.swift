import LedgerFormat
import LoyaltyJournal
import MemberCard
import PointsEngine

extension CheckoutService {
    /// A balance enquiry that changed nothing journals nothing: it ends here (writing to the card
    /// the transactions carried forward, if any).
    func endUnchangedEnquiry(
        _ work: CheckoutWork, priced: PricedTransaction, resolution: InDoubtResolution, card: inout CardOnReader,
        over session: any CardSession
    ) async throws(TapEnd) {
        // A replacement card's first tap always puts its carried-over state on the card.
        guard case .balance = work, priced.result.state == resolution.base, card.replacement == nil else { return }
        guard let last = resolution.carriedForward.last else { throw .answer(priced.answer) }
        throw TapEnd(outcome: await rollForward(resolution, card: &card, session: session, answer: priced.answer, sequence: last))
    }

    /// Step 5, reserve in the journal: the transaction journaled (durable) before the card is
    /// touched, so that whatever happens to the card it is accounted for. Returns its sequence.
    func reserve(
        _ work: CheckoutWork, card: CardOnReader, resolution: InDoubtResolution, priced: PricedTransaction, now: Timestamp
    ) throws(TapEnd) -> UInt64 {
        var entry = Self.ledgerEntry(
            recording: work, card: card, resolution: resolution, priced: priced,
            terminalID: configuration.terminalID, time: now.secondsSinceEpoch)
        switch work {
        case .sale(let request): recordApproval(in: &entry, requestId: request.saleId, cashier: request.cashier)
        case .refund(let request, _): recordApproval(in: &entry, requestId: request.refundId, cashier: request.cashier)
        default: break
        }
        switch journalAppend(&entry) {
        case .success(let sequence): return sequence
        case .failure(let refusal): throw .refused(work, refusal.code, refusal.reason)
        }
    }

    /// The ledger entry of a priced transaction (`docs/ledger-format.md`).
    static func ledgerEntry(
        recording work: CheckoutWork, card: CardOnReader, resolution: InDoubtResolution, priced: PricedTransaction,
        terminalID: UInt32, time: Int64
    ) -> LedgerEntry {
        var entry = LedgerEntry(kind: work.ledgerKind, terminalId: terminalID, time: time)
        entry.requestId = work.requestId
        if case .sale(let request) = work { entry.sale = request.sale }
        if case .refund(let request, let basis) = work {
            entry.refundedSaleId = request.saleId
            entry.refundAmount = request.amount
            entry.refund = basis?.details(amount: priced.result.refundedAmount)
        }
        entry.member = card.identity.member
        entry.card = card.identity.card
        entry.trust = card.identity.trust.rawValue
        entry.cardCounter = card.identity.trust == .memberCard ? card.reading.counter : nil
        entry.previousWrite = card.writer.map { LedgerEntry.CarriedWrite(terminalId: $0.terminalID, sequence: $0.sequence) }
        entry.carriedForward = resolution.carriedForward
        entry.saleRecord = priced.result.saleRecord
        entry.setMemberState(priced.result.state)
        entry.programme = priced.programme
        entry.referrerReward = priced.result.referrerReward
        entry.replaces = card.replacement?.replaces
        entry.answer = priced.answer
        recordTillOperation(work, answer: priced.answer, in: &entry)
        return entry
    }

    /// How many appends between two looks at what the ring has overwritten.
    public static let forgetInterval: UInt64 = 64

    /// Drops from the index what the journal no longer retains.
    func forgetOverwritten() {
        guard let oldest = try? journal.statistics().oldestSequence else { return }
        state.withLock { $0.index.forget(before: oldest) }
        saveUIDStates()
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
}

extension CheckoutWork {
    var ledgerKind: LedgerEntry.Kind {
        switch self {
        case .sale: .sale
        case .refund: .refund
        case .balance: .balance
        case .enrolment: .enrolment
        case .adjustment: .adjustment
        case .reversal: .reversal
        // Never journaled: an approval tap changes no card.
        case .approval: .balance
        }
    }
}
