import LedgerFormat
import PointsEngine

extension CheckoutService {
    /// A refund without the member's card: no tap. Online (the back office held the refund and
    /// answers for the member), the points are taken on the balance it holds; otherwise the
    /// refund's points are journaled as a debit whatever the balance, which the back office
    /// settles onto the card at its next tap (an adjustment, `docs/programme.md` §3.11). Either
    /// way the entry's `trust` is `no-card` and the receipt lines say what happened.
    func refundWithoutCard(_ request: RefundRequest, basis: RefundBasis) async -> CheckoutAnswer {
        guard let member = basis.member else {
            return .refused(.refund, request.refundId, .invalidRequest, "sale \(request.saleId) names no member: tap the card")
        }
        let now = self.now()
        let link = connectivity(at: now)
        let context = TerminalContext(online: link.online, lastSync: link.lastSync, cardClass: .memberCard)
        let engine = self.engine
        var found: FoundMember?
        if basis.basis == .backOffice, let box = memberLookup.withLock({ $0 }),
            case .found(let answer)? = await box.ask({ await $0.find(MemberReference(memberId: member)) })
        {
            found = answer
        }
        var result: EvaluationResult
        do {
            let base = try cardlessBase(found, now: now, context: context)
            let refund = Refund(refundId: request.refundId, original: basis.record, amount: request.amount.map { .amount($0) } ?? .full)
            result = try engine.evaluate(.refund(refund), member: base, now: now, context: context)
        } catch .refundTooLate(let day, let days) {
            return .refused(
                .refund, request.refundId, .refundTooLate, EngineError.refundTooLate(saleDay: day, maxAgeDays: days).description)
        } catch {
            return .refused(.refund, request.refundId, .programmeRefused, error.description)
        }
        var answer = CheckoutAnswer(outcome: .completed, kind: .refund, requestId: request.refundId)
        if found == nil {
            // Not priced on a balance anyone knows: the whole share is owed, whatever the policy.
            result.takenBackPoints += result.writtenOffPoints
            result.writtenOffPoints = 0
            result.lines.removeAll { $0.rule == .debt }
        }
        answer.memberId = member
        answer.trust = CardlessPurchase.trust
        answer.saleId = request.saleId
        answer.apply(result, billAmount: nil)
        answer.refundedAmount = result.refundedAmount
        let settled =
            found == nil
            ? "Without your card, offline: these points are settled on your card at its next tap"
            : "Without your card: taken from the balance the back office holds; your card settles it at its next tap"
        answer.lines.insert(contentsOf: [basis.line, ExplanationLine(rule: .ledger, text: settled, points: 0)], at: 0)
        if found == nil { answer.balance = nil }
        if basis.fallback != nil { answer.fallback = CheckoutAnswer.offlineRules }
        var entry = LedgerEntry(kind: .refund, terminalId: configuration.terminalID, time: now.secondsSinceEpoch)
        entry.requestId = request.refundId
        entry.refundedSaleId = request.saleId
        entry.refundAmount = request.amount
        entry.refund = basis.details(amount: result.refundedAmount)
        recordApproval(in: &entry, requestId: request.refundId, cashier: request.cashier)
        return journalCardless(&entry, member: member, result: result, answer: answer)
    }

    /// Journals a transaction made without the card (`trust` `no-card`, the member's state
    /// after it, no card) and answers with its sequence.
    func journalCardless(_ entry: inout LedgerEntry, member: String, result: EvaluationResult, answer: CheckoutAnswer) -> CheckoutAnswer {
        var answer = answer
        entry.member = member
        entry.trust = CardlessPurchase.trust
        entry.saleRecord = result.saleRecord
        entry.setMemberState(result.state)
        entry.programme = ProgrammeReference(engine.programme)
        entry.answer = answer
        switch journalAppend(&entry) {
        case .success(let sequence):
            answer.journalSequence = sequence
            metrics.finished(answer, tapDuration: nil)
            return answer
        case .failure(let refusal):
            return .refused(answer.kind, answer.requestId, refusal.code, refusal.reason)
        }
    }
}
