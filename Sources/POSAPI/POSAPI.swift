import Checkout
import Hummingbird
import LedgerFormat
import Logging

/// How the POS API behaves.
public struct POSAPIOptions: Sendable {
    /// The shared bearer token every `/v1/` request must carry (`Authorization: Bearer <token>`);
    /// `nil` turns authentication off, which is the default for an API bound to loopback.
    public var token: String?
    /// The largest request body accepted, in bytes; a larger one is refused with 413 before it
    /// is decoded.
    public var maximumBodyBytes: Int

    public init(token: String? = nil, maximumBodyBytes: Int = 16_384) {
        self.token = token
        self.maximumBodyBytes = maximumBodyBytes
    }
}

/// The local POS API: HTTP and JSON over the checkout, for the cash register on loopback.
///
/// Endpoints (described in full, with every body and status, in `docs/pos-api.yaml`):
/// - `POST /v1/sales`, `POST /v1/refunds`, `POST /v1/balance`: a ``Checkout/CheckoutAnswer``,
///   its HTTP status chosen by the outcome (see `docs/pos-api.yaml`).
/// - `GET /v1/transactions/{id}`: the answer already given for a sale or refund id (200), or 404.
/// - `POST /v1/transactions/{id}/cancel`: `{"outcome": ...}`, 200, or 404 when the id is unknown.
/// - `GET /health`: the ``Checkout/HealthReport``, 200 when `ok`, else 503; never needs the token.
///
/// A request the API can tell is wrong never reaches the checkout: 400 `invalid-request` with
/// the fields at fault, 401 without the token, 404/405 for an unknown route or method, 413 for
/// an oversize body, 415 for a body that is not JSON.
public enum POSAPI {
    /// The router of the API, ready for an `Application`; more routes (e.g. `/metrics`) may be
    /// added to it, and they get the logging, metrics and error rendering of the API's routes
    /// (authentication only applies to `/v1/`).
    ///
    /// - Parameters:
    ///   - checkout: What answers the requests that pass validation.
    ///   - options: Token and body limit.
    ///   - logger: Where the line logged for each request goes.
    public static func router(
        checkout: some CheckoutHandling, options: POSAPIOptions, logger: Logger
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Outermost first: observe the final status, then turn every error into a JSON answer,
        // then refuse unauthenticated `/v1/` requests before any handler runs.
        router.add(middleware: ObservationMiddleware<BasicRequestContext>(logger: logger))
        router.add(middleware: ErrorRenderingMiddleware<BasicRequestContext>(logger: logger))
        if let token = options.token {
            router.add(middleware: BearerTokenMiddleware<BasicRequestContext>(token: token))
        }
        let endpoints = CheckoutEndpoints(checkout: checkout, bodyReader: BodyReader(maximumBytes: options.maximumBodyBytes))
        endpoints.register(on: router)
        return router
    }
}
