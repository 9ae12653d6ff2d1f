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
}

extension CheckoutService: CheckoutHandling {}
