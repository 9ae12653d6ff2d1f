import CardProfile
import LedgerFormat
import MemberCard
import PointsEngine

extension CheckoutService {
    /// Waits for a manager's card, authenticates it as any member card, and answers a
    /// single-use token for the next operation that needs approval (`docs/checkout.md`,
    /// "Adjustments, reversals and approvals"). Nothing is journaled; the card is not written.
    public func approve(_ request: ApprovalRequest) async -> CheckoutAnswer { await handle(.approval(request)) }

    /// Puts the managers list in force (delivered by sync, kept across restarts by the terminal).
    public func updateManagers(_ roster: ManagerRoster) {
        approvals.roster.withLock { $0 = roster }
        logger.notice("managers in force", metadata: ["managers": "\(roster.managers.count)"])
    }

    /// Checks a manager's approval of `operation` under the programme in force: `nil` when none
    /// is needed and none is given, who approved, or the refusal (`approval-required`,
    /// `wrong-pin`, `unknown-manager`, `approval-token-invalid`, `pin-locked`). A credential
    /// given is checked (and a token used up) even when the programme needs none, so that the
    /// journal never records an approval that was not proved. The call for any operation that
    /// may need approval (a refund without a receipt, a redemption over a limit).
    public func checkApproval(of operation: ApprovableOperation, credential: ManagerCredential?) -> Result<ApprovalRecord?, Refusal> {
        guard let credential else {
            guard !engine.programme.needsApproval(operation) else {
                return .failure(
                    Refusal(.approvalRequired, "this needs a manager's approval: a manager id and PIN, or the token of a manager card tap"))
            }
            return .success(nil)
        }
        switch approvals.check(credential) {
        case .success(let record):
            logger.notice("approval", metadata: ["manager": "\(record.manager)", "method": "\(record.method.rawValue)"])
            return .success(record)
        case .failure(let refusal):
            logger.warning("approval refused", metadata: ["code": "\(refusal.code.rawValue)"])
            return .failure(refusal)
        }
    }

    /// The adjustment or reversal with its approval checked, or its refused answer. A request
    /// already journaled (a retry) was approved when it was made: it goes on without a credential.
    func approve(_ work: CheckoutWork) -> ApprovalOutcome {
        if let id = work.requestId, state.withLock({ $0.index.given[id] != nil }) { return .approved(work) }
        let checked: Result<ApprovalRecord?, Refusal>
        switch work {
        case .adjustment(let request, _): checked = checkApproval(of: .adjustment(points: request.points), credential: request.approval)
        case .reversal(let request, _): checked = checkApproval(of: .reversal, credential: request.approval)
        default: return .approved(work)
        }
        switch (checked, work) {
        case (.failure(let refusal), _):
            return .refused(.refused(work.kind, work.requestId, refusal.code, refusal.reason))
        case (.success(let record), .adjustment(let request, _)): return .approved(.adjustment(request, approval: record))
        case (.success(let record), .reversal(let request, _)): return .approved(.reversal(request, approval: record))
        case (.success, _): return .approved(work)
        }
    }

    /// The tap of an approval: the card read and authenticated as any member card; a manager's
    /// card gets a token, any other is refused `not-a-manager`.
    func approvalSteps(_ request: ApprovalRequest, over session: any CardSession) async -> TapOutcome {
        let work = CheckoutWork.approval(request)
        let day = now().day(utcOffsetMinutes: engine.programme.utcOffsetMinutes)
        guard let today = try? CalendarDate(day) else {
            return .answer(.refused(.approval, nil, .terminalFault, "the terminal's clock is out of range: \(day)"))
        }
        let identity: CardIdentity
        do throws(TapEnd) {
            identity = try await readCard(for: work, over: session, today: today).identity
        } catch {
            return error.outcome
        }
        guard identity.trust == .memberCard, let manager = approvals.roster.withLock({ $0.manager(card: identity.card) }) else {
            logger.warning("approval tap of a card that is not a manager's", metadata: ["card": "\(identity.card)"])
            return .answer(.refused(.approval, nil, .notAManager, "this card is not a manager's card"))
        }
        let token = approvals.issueToken(for: manager.id)
        logger.notice("approval token given", metadata: ["manager": "\(manager.id)", "cashier": "\(request.cashier)"])
        var answer = CheckoutAnswer(outcome: .completed, kind: .approval)
        answer.approval = ApprovalAnswer(
            manager: manager.id, method: .card, token: token, expiresInSeconds: Int(ApprovalDesk.tokenLifetime.components.seconds))
        return .answer(answer)
    }
}

/// An operation with its approval checked: to run, or refused.
enum ApprovalOutcome {
    case approved(CheckoutWork)
    case refused(CheckoutAnswer)
}
