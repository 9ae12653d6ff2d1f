import Checkout
import Hummingbird

/// The handlers of the API's routes: validate, ask the checkout, answer with the status of
/// ``AnswerStatus``. Only a request that passed every check reaches `checkout`.
struct CheckoutEndpoints<Handler: CheckoutHandling>: Sendable {
    let checkout: Handler
    let bodyReader: BodyReader

    /// Adds every route of ``Route`` to `router`.
    func register(on router: Router<BasicRequestContext>) {
        for route in Route.allCases {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await self.respond(to: route, request: request, context: context)
            }
        }
    }

    func respond(to route: Route, request: Request, context: BasicRequestContext) async throws -> Response {
        switch route {
        case .sales:
            let request = try await bodyReader.decode(SaleBody.self, from: request).request
            try Self.check(checkout.rules.problems(request))
            return try Self.answer(await checkout.sale(request))
        case .refunds:
            let request = try await bodyReader.decode(RefundBody.self, from: request).request
            try Self.check(checkout.rules.problems(request))
            return try Self.answer(await checkout.refund(request))
        case .balance:
            let empty = BalanceBody(request: BalanceRequest())
            let request = try await bodyReader.decode(BalanceBody.self, from: request, emptyBody: empty).request
            try Self.check(checkout.rules.problems(request))
            return try Self.answer(await checkout.balance(request))
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
        }
    }

    /// Refuses a request the rules find problems with.
    private static func check(_ problems: [FieldProblem]) throws {
        guard problems.isEmpty else { throw APIError.invalidRequest(problems) }
    }

    private static func answer(_ answer: CheckoutAnswer) throws -> Response {
        try JSONResponse.make(answer, status: AnswerStatus.of(answer))
    }
}

/// The body of a cancel's answer: `{"outcome": "cancelled" | "already-finished" | "unknown"}`.
struct CancelBody: Codable, Sendable {
    var outcome: CancelOutcome
}
