import LedgerFormat
import PointsEngine

extension CheckoutService {
    /// Validates the adjustment, checks its approval when the programme needs one (or one is
    /// given), waits for the member's tap, applies the points, journals, writes the card, answers.
    public func adjust(_ request: AdjustmentRequest) async -> CheckoutAnswer { await handle(.adjustment(request, approval: nil)) }

    /// Validates the reversal, checks its approval when needed, waits for the tap of the card of
    /// this terminal's last transaction, undoes it exactly, journals, writes the card, answers.
    public func reverse(_ request: ReversalRequest) async -> CheckoutAnswer { await handle(.reversal(request, approval: nil)) }

    /// Step 4 for a till adjustment or a reversal: priced by the engine's till operations; `nil`
    /// for every other request (priced by ``price(_:card:base:now:)``).
    func priceTillOperation(_ work: CheckoutWork, card: CardIdentity, base: MemberState, now: Timestamp) throws(TapEnd)
        -> PricedTransaction?
    {
        let approval: ApprovalRecord?
        let operation: TillOperation
        var reversedReference: ReversedReference?
        var saleId: String?
        switch work {
        case .adjustment(let request, let approved):
            approval = approved
            operation = .adjustment(TillAdjustment(points: request.points, reason: request.reason))
        case .reversal(let request, let approved):
            approval = approved
            let (reference, reversed) = try reversible(request, card: card.card, now: now)
            reversedReference = reference
            if case .sale(let record) = reversed { saleId = record.saleId }
            if case .refund(_, let after, _, _) = reversed { saleId = after.saleId }
            operation = .reversal(reversed)
        default:
            return nil
        }
        let link = connectivity(at: now)
        var context = TerminalContext(
            online: link.online, lastSync: link.lastSync, cardClass: card.trust == .uidOnly ? .uidOnly : .memberCard,
            birthday: card.birthday, referrerId: card.referrer, pendingGrants: grants(for: card.member))
        context.pendingAdjustments = adjustments(for: card.member)
        let engine = self.engine
        let result: EvaluationResult
        do throws(EngineError) {
            switch operation {
            case .adjustment(let adjustment): result = try engine.evaluate(adjustment, member: base, now: now, context: context)
            case .reversal(let reversed): result = try engine.evaluate(reversalOf: reversed, member: base, now: now, context: context)
            }
        } catch {
            throw .refused(work, .programmeRefused, error.description)
        }
        var answer = CheckoutAnswer(outcome: .completed, kind: work.kind, requestId: work.requestId)
        answer.saleId = saleId
        answer.memberId = card.member
        answer.trust = card.trust.rawValue
        answer.apply(result, billAmount: nil)
        answer.approval = approval.map(ApprovalAnswer.init)
        answer.reversed = reversedReference
        return PricedTransaction(result: result, answer: answer, programme: ProgrammeReference(engine.programme))
    }

    /// The transaction `request` reverses, when it is this terminal's last one, on this card,
    /// within the programme's window, and of a kind a reversal undoes.
    private func reversible(_ request: ReversalRequest, card: String, now: Timestamp) throws(TapEnd)
        -> (ReversedReference, ReversedTransaction)
    {
        let window = Int64(engine.programme.approvalRules.reversalWindowSeconds)
        let found = state.withLock { state -> Result<(ReversedReference, ReversedTransaction), Refusal> in
            guard let last = state.index.last, last.entry.requestId == request.transactionId else {
                let known = state.index.given[request.transactionId] != nil
                return .failure(
                    Refusal(
                        .notLastTransaction,
                        known
                            ? "\(request.transactionId) is not this terminal's last transaction: only the last one can be reversed"
                            : "\(request.transactionId) is not in this terminal's journal"))
            }
            let entry = last.entry
            guard entry.card == card else {
                return .failure(Refusal(.wrongCard, "\(request.transactionId) was made with another card: tap that card"))
            }
            guard now.secondsSinceEpoch - entry.time <= window, window > 0 else {
                return .failure(
                    Refusal(.reversalWindowClosed, "\(request.transactionId) is older than the programme's \(window) s reversal window"))
            }
            let reference = ReversedReference(sequence: last.sequence, requestId: request.transactionId, kind: entry.kind)
            switch entry.kind {
            case .sale:
                guard let record = entry.saleRecord else { break }
                return .success((reference, .sale(record)))
            case .refund:
                guard let after = entry.saleRecord,
                    let before = state.index.sales[after.saleId]?.versions.last(where: { $0.sequence < last.sequence })?.record,
                    let points = entry.answer?.points
                else {
                    return .failure(Refusal(.notLastTransaction, "the sale \(request.transactionId) refunded is no longer in this journal"))
                }
                return .success((reference, .refund(before: before, after: after, takenBack: points.takenBack, returned: points.returned)))
            case .adjustment:
                guard let points = entry.adjustedPoints else { break }
                return .success((reference, .adjustment(points: points)))
            case .balance, .void, .checkpoint, .enrolment, .reversal, .survey:
                break
            }
            return .failure(
                Refusal(.notLastTransaction, "a \(entry.kind.rawValue) cannot be reversed: only a sale, a refund or an adjustment"))
        }
        switch found {
        case .success(let reversed): return reversed
        case .failure(let refusal): throw .refused(.reversal(request, approval: nil), refusal.code, refusal.reason)
        }
    }

    /// Writes what a till adjustment or reversal adds to its ledger entry: the points, why, who
    /// asked, who approved, what was reversed.
    static func recordTillOperation(_ work: CheckoutWork, answer: CheckoutAnswer, in entry: inout LedgerEntry) {
        switch work {
        case .adjustment(let request, let approval):
            entry.adjustedPoints = request.points
            entry.reason = request.reason
            entry.cashier = request.cashier
            entry.approval = approval
        case .reversal(let request, let approval):
            entry.reversed = answer.reversed
            entry.reason = request.reason
            entry.cashier = request.cashier
            entry.approval = approval
        default:
            break
        }
    }
}

/// What a till operation asks the engine.
private enum TillOperation {
    case adjustment(TillAdjustment)
    case reversal(ReversedTransaction)
}
