import Checkout
import LedgerFormat
import POSAPI
import PointsEngine
import Synchronization

/// A checkout that answers what the test scripted and records every call, so a test can tell
/// whether a request reached it.
final class ScriptedCheckout: CheckoutHandling, Sendable {
    /// One call the API made.
    enum Call: Equatable, Sendable {
        case sale(SaleRequest)
        case refund(RefundRequest)
        case balance(BalanceRequest)
        case enrol(EnrolmentRequest)
        case cancel(String)
        case answer(String)
        case health
        case adjust(AdjustmentRequest)
        case reverse(ReversalRequest)
        case approve(ApprovalRequest)
    }

    /// The answers to give.
    struct Script: Sendable {
        var sale = CheckoutAnswer(outcome: .completed, kind: .sale, requestId: "S-1")
        var refund = CheckoutAnswer(outcome: .completed, kind: .refund, requestId: "R-1")
        var balance = CheckoutAnswer(outcome: .completed, kind: .balance)
        var enrol = CheckoutAnswer(outcome: .completed, kind: .enrolment, requestId: "EN-1")
        var cancel = CancelOutcome.cancelled
        var answers: [String: CheckoutAnswer] = [:]
        var health = ScriptedCheckout.report(status: "ok")
        var adjust = CheckoutAnswer(outcome: .completed, kind: .adjustment, requestId: "A-1")
        var reverse = CheckoutAnswer(outcome: .completed, kind: .reversal, requestId: "V-1")
        var approve = CheckoutAnswer(outcome: .completed, kind: .approval)
    }

    let rules = RequestRules(currency: "VND", maximumBill: 50_000_000, maximumWaitSeconds: 120)
    private let state: Mutex<(script: Script, calls: [Call])>

    init(_ script: Script = Script()) {
        state = Mutex((script, []))
    }

    /// Every call so far, in order.
    var calls: [Call] { state.withLock { $0.calls } }

    /// Changes the script.
    func script(_ change: (inout Script) -> Void) {
        state.withLock { change(&$0.script) }
    }

    private func record<T: Sendable>(_ call: Call, _ answer: (Script) -> T) -> T {
        state.withLock { state in
            state.calls.append(call)
            return answer(state.script)
        }
    }

    // Requests are validated with the real rules, as `CheckoutService` does: an invalid one is
    // answered `invalid-request` without being recorded (it never reaches the flow).
    func sale(_ request: SaleRequest) async -> CheckoutAnswer {
        let problems = rules.problems(request)
        guard problems.isEmpty else { return .invalid(.sale, request.saleId, problems) }
        return record(.sale(request)) { $0.sale }
    }
    func refund(_ request: RefundRequest) async -> CheckoutAnswer {
        let problems = rules.problems(request)
        guard problems.isEmpty else { return .invalid(.refund, request.refundId, problems) }
        return record(.refund(request)) { $0.refund }
    }
    func balance(_ request: BalanceRequest) async -> CheckoutAnswer {
        let problems = rules.problems(request)
        guard problems.isEmpty else { return .invalid(.balance, nil, problems) }
        return record(.balance(request)) { $0.balance }
    }
    func enrol(_ request: EnrolmentRequest) async -> CheckoutAnswer {
        let problems = rules.problems(request)
        guard problems.isEmpty else { return .invalid(.enrolment, request.enrolmentId, problems) }
        return record(.enrol(request)) { $0.enrol }
    }
    func cancel(requestId: String) async -> CancelOutcome { record(.cancel(requestId)) { $0.cancel } }
    func answer(for requestId: String) async -> CheckoutAnswer? { record(.answer(requestId)) { $0.answers[requestId] } }
    func health() async -> HealthReport { record(.health) { $0.health } }
    func adjust(_ request: AdjustmentRequest) async -> CheckoutAnswer {
        let problems = rules.problems(request, maximumPoints: 100_000)
        guard problems.isEmpty else { return .invalid(.adjustment, request.adjustmentId, problems) }
        return record(.adjust(request)) { $0.adjust }
    }
    func reverse(_ request: ReversalRequest) async -> CheckoutAnswer {
        let problems = rules.problems(request)
        guard problems.isEmpty else { return .invalid(.reversal, request.reversalId, problems) }
        return record(.reverse(request)) { $0.reverse }
    }
    func approve(_ request: ApprovalRequest) async -> CheckoutAnswer {
        let problems = rules.problems(request)
        guard problems.isEmpty else { return .invalid(.approval, nil, problems) }
        return record(.approve(request)) { $0.approve }
    }

    static func report(status: String, problems: [String] = []) -> HealthReport {
        HealthReport(
            status: status, terminalId: 7, reader: "Sim Reader 00", readerPresent: true, cardPresent: false,
            programme: "demo", programmeVersion: 3, journalCapacityRecords: 4096, journalWaitingRecords: 12,
            journalLastSequence: 99, inDoubt: 0, blockedMembers: 2, problems: problems)
    }
}
