import Checkout
import Hummingbird
import LedgerFormat

/// The handlers of the API's routes: decode, ask the checkout (which validates), answer with
/// the status of ``AnswerStatus``.
struct CheckoutEndpoints<Handler: CheckoutHandling>: Sendable {
    let checkout: Handler
    let bodyReader: BodyReader

    /// Adds every route of ``Route`` to `router`.
    func register(on router: Router<POSRequestContext>) {
        for route in Route.allCases {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await self.respond(to: route, request: request, context: context)
            }
        }
    }

    func respond(to route: Route, request: Request, context: POSRequestContext) async throws -> Response {
        switch route {
        case .sales:
            let request = try await bodyReader.decode(SaleBody.self, from: request).request
            return try Self.answer(await checkout.sale(request))
        case .refunds:
            let request = try await bodyReader.decode(RefundBody.self, from: request).request
            return try Self.answer(await checkout.refund(request))
        case .balance:
            let empty = BalanceBody(request: BalanceRequest())
            let request = try await bodyReader.decode(BalanceBody.self, from: request, emptyBody: empty).request
            return try Self.answer(await checkout.balance(request))
        case .enrolments:
            let request = try await bodyReader.decode(EnrolmentBody.self, from: request).request
            return try Self.answer(await checkout.enrol(request))
        case .transaction:
            let id = try PathIdentifier.decode(context.parameters.get("id"))
            guard let answer = await checkout.answer(for: id) else { throw APIError.transactionNotFound }
            // The answer is found: 200 whatever its outcome, so 404 only ever means "no such id".
            return try JSONResponse.make(answer, status: .ok)
        case .cancel:
            let id = try PathIdentifier.decode(context.parameters.get("id"))
            let outcome = await checkout.cancel(requestId: id)
            return try JSONResponse.make(CancelBody(outcome: outcome), status: AnswerStatus.of(outcome))
        case .health:
            let report = await checkout.health()
            return try JSONResponse.make(report, status: AnswerStatus.of(report))
        case .adjustments:
            let request = try await bodyReader.decode(AdjustmentBody.self, from: request).request
            return try Self.answer(await checkout.adjust(request))
        case .reversals:
            let request = try await bodyReader.decode(ReversalBody.self, from: request).request
            return try Self.answer(await checkout.reverse(request))
        case .approvals:
            let request = try await bodyReader.decode(ApprovalBody.self, from: request).request
            return try Self.answer(await checkout.approve(request))
        case .surveys:
            let request = try await bodyReader.decode(SurveyBody.self, from: request).request
            return try Self.answer(await checkout.survey(request))
        }
    }

    /// The answer's response; a request the checkout found invalid is the API's 400.
    private static func answer(_ answer: CheckoutAnswer) throws -> Response {
        if answer.refusal?.code == .invalidRequest, let problems = answer.problems { throw APIError.invalidRequest(problems) }
        return try JSONResponse.make(answer, status: AnswerStatus.of(answer))
    }
}

/// The body of a cancel's answer: `{"outcome": "cancelled" | "already-finished" | "unknown"}`.
struct CancelBody: Codable, Sendable {
    var outcome: CancelOutcome
}
