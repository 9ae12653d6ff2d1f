import LedgerFormat
import PointsEngine

/// What the engine made of the transaction, and the answer that says so.
struct PricedTransaction: Sendable {
    var result: EvaluationResult
    /// The answer, complete but for its journal sequence.
    var answer: CheckoutAnswer
    /// The programme the engine priced it with.
    var programme: ProgrammeReference
}

extension CheckoutService {
    /// Step 4, price with the engine: the sale, refund or enquiry evaluated on the member's
    /// state (`base`) with the terminal's context (connectivity, the card's class, the member's
    /// birthday and referrer, the event grants waiting), by the programme in force now.
    func price(
        _ work: CheckoutWork, card: CardIdentity, base: MemberState, now: Timestamp, live: LiveBalance? = nil
    ) throws(TapEnd) -> PricedTransaction {
        let link = connectivity(at: now)
        var context = TerminalContext(
            online: live?.online ?? link.online, lastSync: link.lastSync,
            cardClass: card.trust == .uidOnly ? .uidOnly : .memberCard, birthday: card.birthday,
            referrerId: card.referrer, pendingGrants: grants(for: card.member))
        let published = adjustments(for: card.member)
        let known = Set(published.map(\.sequence))
        context.pendingAdjustments = published + (live?.pending ?? []).filter { !known.contains($0.sequence) }
        if case .sale = work { context.redemptionLimitsApproved = redemptionLimitsApproved(work.requestId) }
        let engine = self.engine
        let transaction: Transaction
        var billAmount: Int64?
        var refundedSaleId: String?
        switch work {
        case .sale(let request):
            transaction = .sale(request.sale)
            billAmount = request.amount
        case .refund(let request, let basis):
            guard let basis else { throw .refused(work, .unknownSale, "sale \(request.saleId) was not found before the tap") }
            try Self.checkRefundCard(basis, card: card, work: work)
            transaction = .refund(
                Refund(refundId: request.refundId, original: basis.record, amount: request.amount.map { .amount($0) } ?? .full))
            refundedSaleId = request.saleId
        case .balance, .enrolment, .adjustment, .reversal, .approval:
            transaction = .inquiry
        }
        let result: EvaluationResult
        do {
            result = try engine.evaluate(transaction, member: base, now: now, context: context)
        } catch .refundTooLate(let day, let days) {
            throw .refused(work, .refundTooLate, EngineError.refundTooLate(saleDay: day, maxAgeDays: days).description)
        } catch {
            throw .refused(work, .programmeRefused, error.description)
        }
        var answer = CheckoutAnswer(outcome: .completed, kind: work.kind, requestId: work.requestId)
        answer.saleId = refundedSaleId
        answer.memberId = card.member
        answer.trust = card.trust.rawValue
        answer.apply(result, billAmount: billAmount)
        if let why = live?.fallback {
            answer.fallback = CheckoutAnswer.offlineRules
            answer.lines.insert(ExplanationLine(rule: .ledger, text: "Offline rules: \(why)", points: 0), at: 0)
        }
        switch work {
        case .sale(let request):
            answer.receipt = receiptReference(for: result, member: card.member, card: card.card, saleId: request.saleId)
        case .refund(_, let basis?):
            // The card's own refund marks may show the sale refunded at a till nobody told.
            guard result.refundedAmount > 0 || basis.record.amount == 0 else {
                throw .refused(work, .alreadyRefunded, "the card shows sale \(basis.record.saleId) refunded already")
            }
            answer.refundedAmount = result.refundedAmount
            answer.lines.insert(basis.line, at: 0)
            if basis.fallback != nil { answer.fallback = CheckoutAnswer.offlineRules }
        default: break
        }
        return PricedTransaction(result: result, answer: answer, programme: ProgrammeReference(engine.programme))
    }

    /// The signed reference a sale's receipt carries (``ReceiptReference``).
    func receiptReference(for result: EvaluationResult, member: String, card: String?, saleId: String) -> String? {
        guard let record = result.saleRecord else { return nil }
        let reference = ReceiptReference(
            programmeID: terminal.policy.programmeID, terminalID: configuration.terminalID, member: member, card: card, record: record)
        return reference.signed(by: configuration.credential)
    }

    /// A refund's card must be the sale's member's (any card of theirs: a replacement too).
    private static func checkRefundCard(_ basis: RefundBasis, card: CardIdentity, work: CheckoutWork) throws(TapEnd) {
        let sameMember = basis.member.map { $0 == card.member } ?? (basis.card == card.card)
        guard sameMember else {
            throw .refused(work, .wrongCard, "sale \(basis.record.saleId) was made for another member")
        }
    }

}
