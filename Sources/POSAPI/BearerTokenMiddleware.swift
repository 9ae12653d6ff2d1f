import Hummingbird
import Logging
import Metrics

/// Refuses a request without `Authorization: Bearer <token>` (401 `unauthorized`,
/// `WWW-Authenticate: Bearer`): every `/v1/` request, and every request at all when
/// ``everyRoute`` is set (an API reachable from the network: `/health` and `/metrics` too).
///
/// The token is compared in constant time, so the time of a refusal says nothing about how
/// much of a guess was right. Each failure is logged with the peer, counted in
/// `pos_api_authentication_failures_total`, and taken from the peer's allowance
/// (``FailedAttemptLimiter``): a peer that has used it up gets 429 `too-many-attempts` with
/// `Retry-After`, without its token being compared, counted in
/// `pos_api_authentication_throttled_total`.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = POSRequestContext

    let token: [UInt8]
    let everyRoute: Bool
    let limiter: FailedAttemptLimiter
    let logger: Logger

    init(token: String, everyRoute: Bool, limiter: FailedAttemptLimiter, logger: Logger) {
        self.token = Array(token.utf8)
        self.everyRoute = everyRoute
        self.limiter = limiter
        self.logger = logger
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard everyRoute || Self.needsToken(path: request.uri.path) else { return try await next(request, context) }
        let peer = context.peer
        if let wait = limiter.waitBeforeAttempt(peer: peer) {
            Counter(label: "pos_api_authentication_throttled_total").increment()
            throw APIError.tooManyAttempts(retryAfterSeconds: Self.wholeSeconds(wait))
        }
        guard let presented = Self.bearerToken(request.headers[.authorization]),
            Self.constantTimeEqual(Array(presented.utf8), token)
        else {
            let left = limiter.recordFailure(peer: peer)
            Counter(label: "pos_api_authentication_failures_total").increment()
            logger.warning(
                "POS API request refused: missing or wrong token",
                metadata: [
                    "peer": "\(peer)", "method": "\(request.method)", "path": "\(request.uri.path)", "attempts_left": "\(left)",
                ])
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }

    /// A wait rounded up to whole seconds, at least 1 (`Retry-After`).
    static func wholeSeconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }

    /// Whether `path` is under `/v1`, split as the router splits it (so `//v1/sales` is too).
    static func needsToken(path: String) -> Bool {
        path.split(separator: "/").first == "v1"
    }

    /// The credentials of a `Bearer` authorization (the scheme is case-insensitive).
    static func bearerToken(_ header: String?) -> Substring? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].drop { $0 == " " }
    }

    /// `a == b`, in a time that depends on their lengths only.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count) | (a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
