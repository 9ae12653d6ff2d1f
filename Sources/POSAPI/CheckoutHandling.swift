import Checkout
import LedgerFormat

/// What the POS API needs from the checkout: one method per endpoint.
///
/// `Checkout.CheckoutService` is the real one (its conformance is below); unit tests of the API
/// use a scripted one. The checkout validates every request itself (its answer to an invalid one
/// is refused with `invalid-request` and the ``LedgerFormat/CheckoutAnswer/problems``): the API
/// only decodes.
public protocol CheckoutHandling: Sendable {
    /// Waits for a tap, applies the sale, journals it, writes the card, answers.
    func sale(_ request: SaleRequest) async -> CheckoutAnswer
    /// Waits for a tap of the card that earned the sale, takes back its points.
    func refund(_ request: RefundRequest) async -> CheckoutAnswer
    /// Waits for a tap and shows the balance.
    func balance(_ request: BalanceRequest) async -> CheckoutAnswer
    /// Waits for a blank card and enrols a new member on it.
    func enrol(_ request: EnrolmentRequest) async -> CheckoutAnswer
    /// Cancels the request waiting for a tap, if its id is `requestId`.
    func cancel(requestId: String) async -> CancelOutcome
    /// The answer already given for a sale or refund id, from the journal.
    func answer(for requestId: String) async -> CheckoutAnswer?
    /// The terminal's state for the health endpoint.
    func health() async -> HealthReport
    /// Checks the approval when needed, waits for the member's tap, adds or takes the points.
    func adjust(_ request: AdjustmentRequest) async -> CheckoutAnswer
    /// Checks the approval when needed, waits for the tap, undoes the terminal's last transaction.
    func reverse(_ request: ReversalRequest) async -> CheckoutAnswer
    /// Waits for a manager's card and answers an approval token.
    func approve(_ request: ApprovalRequest) async -> CheckoutAnswer
    /// Journals a customer's survey answer; no tap.
    func survey(_ request: SurveyRequest) async -> CheckoutAnswer
}

extension CheckoutHandling {
    /// Refused: this checkout does not make till adjustments.
    public func adjust(_ request: AdjustmentRequest) async -> CheckoutAnswer {
        .refused(.adjustment, request.adjustmentId, .terminalFault, "this terminal does not make adjustments")
    }

    /// Refused: this checkout does not reverse transactions.
    public func reverse(_ request: ReversalRequest) async -> CheckoutAnswer {
        .refused(.reversal, request.reversalId, .terminalFault, "this terminal does not reverse transactions")
    }

    /// Refused: this checkout takes no survey answers.
    public func survey(_ request: SurveyRequest) async -> CheckoutAnswer {
        .refused(.survey, nil, .terminalFault, "this terminal takes no survey answers")
    }

    /// Refused: this checkout gives no approval tokens.
    public func approve(_ request: ApprovalRequest) async -> CheckoutAnswer {
        .refused(.approval, nil, .terminalFault, "this terminal gives no approval tokens")
    }
}

extension CheckoutService: CheckoutHandling {}
