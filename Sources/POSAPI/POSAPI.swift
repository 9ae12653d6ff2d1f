import Checkout
import Hummingbird
import LedgerFormat
import Logging

/// How the POS API behaves.
public struct POSAPIOptions: Sendable {
    /// The shared bearer token every `/v1/` request must carry (`Authorization: Bearer <token>`);
    /// `nil` turns authentication off, which only an API bound to loopback or a Unix socket may do.
    public var token: String?
    /// Whether every route needs the token, `/health` and `/metrics` included: the API is
    /// reachable from the network. Otherwise only `/v1/` routes do.
    public var tokenGuardsEveryRoute: Bool
    /// How many wrong tokens a peer may present before it is refused without a check (429).
    public var failedAttempts: FailedAttemptPolicy
    /// The largest request body accepted, in bytes; a larger one is refused with 413 before it
    /// is decoded.
    public var maximumBodyBytes: Int

    public init(
        token: String? = nil, tokenGuardsEveryRoute: Bool = false, failedAttempts: FailedAttemptPolicy = FailedAttemptPolicy(),
        maximumBodyBytes: Int = 16_384
    ) {
        self.token = token
        self.tokenGuardsEveryRoute = tokenGuardsEveryRoute
        self.failedAttempts = failedAttempts
        self.maximumBodyBytes = maximumBodyBytes
    }
}

/// The local POS API: HTTP and JSON over the checkout, for the cash register on loopback.
///
/// Endpoints (described in full, with every body and status, in `docs/pos-api.yaml`):
/// - `POST /v1/sales`, `POST /v1/refunds`, `POST /v1/balance`: a ``Checkout/CheckoutAnswer``,
///   its HTTP status chosen by the outcome (see `docs/pos-api.yaml`).
/// - `POST /v1/adjustments`, `POST /v1/reversals`, `POST /v1/approvals`: till adjustments, the
///   reversal of the terminal's last transaction, a manager's card tap for an approval token;
///   a ``Checkout/CheckoutAnswer`` too, an approval refused answering 403 (429 `pin-locked`).
/// - `GET /v1/transactions/{id}`: the answer already given for a sale or refund id (200), or 404.
/// - `POST /v1/transactions/{id}/cancel`: `{"outcome": ...}`, 200, or 404 when the id is unknown.
/// - `GET /health`: the ``Checkout/HealthReport``, 200 when `ok`, else 503; needs the token only
///   when ``POSAPIOptions/tokenGuardsEveryRoute`` (an API reachable from the network).
///
/// A request the API can tell is wrong never reaches the checkout: 400 `invalid-request` with
/// the fields at fault, 401 without the token (429 after too many wrong ones from one address), 404/405 for an unknown route or method, 413 for
/// an oversize body, 415 for a body that is not JSON.
public enum POSAPI {
    /// The router of the API, ready for an `Application`; more routes (e.g. `/metrics`) may be
    /// added to it, and they get the logging, metrics and error rendering of the API's routes
    /// (and the token check, when it guards every route).
    ///
    /// - Parameters:
    ///   - checkout: What answers the requests that pass validation.
    ///   - options: Token and body limit.
    ///   - logger: Where the line logged for each request goes.
    public static func router(
        checkout: some CheckoutHandling, options: POSAPIOptions, logger: Logger
    ) -> Router<POSRequestContext> {
        let router = Router(context: POSRequestContext.self)
        // Outermost first: observe the final status, then turn every error into a JSON answer,
        // then refuse unauthenticated `/v1/` requests before any handler runs.
        router.add(middleware: ObservationMiddleware<POSRequestContext>(logger: logger))
        router.add(middleware: ErrorRenderingMiddleware<POSRequestContext>(logger: logger))
        if let token = options.token {
            router.add(
                middleware: BearerTokenMiddleware(
                    token: token, everyRoute: options.tokenGuardsEveryRoute, limiter: FailedAttemptLimiter(policy: options.failedAttempts),
                    logger: logger))
        }
        let endpoints = CheckoutEndpoints(checkout: checkout, bodyReader: BodyReader(maximumBytes: options.maximumBodyBytes))
        endpoints.register(on: router)
        return router
    }
}
