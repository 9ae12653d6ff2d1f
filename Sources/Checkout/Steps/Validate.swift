import LedgerFormat
import PointsEngine

extension CheckoutService {
    /// Step 1, validate: the request against the rules of the programme in force. The only place
    /// a request is checked; an invalid one is answered `invalid-request` with the fields at
    /// fault and never waits for a tap.
    func validate(_ work: CheckoutWork) -> CheckoutAnswer? {
        let rules = self.rules
        let problems: [FieldProblem] =
            switch work {
            case .sale(let request): rules.problems(request)
            case .refund(let request, _): rules.problems(request)
            case .balance(let request): rules.problems(request)
            case .enrolment(let request): rules.problems(request)
            case .adjustment(let request, _):
                rules.problems(request, maximumPoints: engine.programme.approvalRules.maximumAdjustmentPoints)
            case .reversal(let request, _): rules.problems(request)
            case .approval(let request): rules.problems(request)
            }
        return problems.isEmpty ? nil : .invalid(work.kind, work.requestId, problems)
    }

    /// Validates `work`, then runs it (``run(_:)``).
    func handle(_ work: CheckoutWork) async -> CheckoutAnswer {
        if let invalid = validate(work) { return invalid }
        switch work {
        case .sale(let request):
            if let member = request.member { return await runCardless(work, member: member) }
            if answerFromJournal(work) == nil, let refused = approveRedemption(request) { return refused }
            defer { approvedRequests.withLock { $0[request.saleId] = nil } }
            return await run(work)
        case .balance(let request): if let member = request.member { return await runCardless(work, member: member) }
        case .enrolment(let request):
            if let refused = await enrolmentRefusal(request) { return refused }
        case .refund(let request, _): return await runRefund(request)
        case .approval: break
        case .adjustment, .reversal:
            switch approve(work) {
            case .approved(let approved): return await run(approved)
            case .refused(let refused): return refused
            }
        }
        return await run(work)
    }
}
