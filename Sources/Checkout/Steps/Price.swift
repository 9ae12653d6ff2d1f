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
    func price(_ work: CheckoutWork, card: CardIdentity, base: MemberState, now: Timestamp) throws(TapEnd) -> PricedTransaction {
        let link = connectivity(at: now)
        var context = TerminalContext(
            online: link.online, lastSync: link.lastSync,
            cardClass: card.trust == .uidOnly ? .uidOnly : .memberCard, birthday: card.birthday,
            referrerId: card.referrer, pendingGrants: grants(for: card.member))
        context.pendingAdjustments = adjustments(for: card.member)
        let engine = self.engine
        let transaction: Transaction
        var billAmount: Int64?
        var refundedSaleId: String?
        switch work {
        case .sale(let request):
            transaction = .sale(request.sale)
            billAmount = request.amount
        case .refund(let request):
            let original = try refundable(request, card: card.card)
            transaction = .refund(
                Refund(refundId: request.refundId, original: original, amount: request.amount.map { .amount($0) } ?? .full))
            refundedSaleId = request.saleId
        case .balance, .enrolment, .adjustment, .reversal, .approval:
            transaction = .inquiry
        }
        let result: EvaluationResult
        do {
            result = try engine.evaluate(transaction, member: base, now: now, context: context)
        } catch {
            throw .refused(work, .programmeRefused, error.description)
        }
        var answer = CheckoutAnswer(outcome: .completed, kind: work.kind, requestId: work.requestId)
        answer.saleId = refundedSaleId
        answer.memberId = card.member
        answer.trust = card.trust.rawValue
        answer.apply(result, billAmount: billAmount)
        return PricedTransaction(result: result, answer: answer, programme: ProgrammeReference(engine.programme))
    }

    /// The latest record of the sale `request` refunds, when this card may refund it.
    private func refundable(_ request: RefundRequest, card: String) throws(TapEnd) -> SaleRecord {
        let found = state.withLock { state -> Result<SaleRecord, Refusal> in
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
        switch found {
        case .success(let record): return record
        case .failure(let refusal): throw .answer(.refused(.refund, request.refundId, refusal.code, refusal.reason))
        }
    }
}
