import Hummingbird

/// Refuses every `/v1/` request without `Authorization: Bearer <token>` (401 `unauthorized`,
/// `WWW-Authenticate: Bearer`). `/health` and routes outside `/v1/` are left open.
///
/// The token is compared in constant time, so the time of a refusal says nothing about how
/// much of a guess was right.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    init(token: String) {
        self.token = Array(token.utf8)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.needsToken(path: request.uri.path) {
            guard let presented = Self.bearerToken(request.headers[.authorization]),
                Self.constantTimeEqual(Array(presented.utf8), token)
            else {
                throw APIError.unauthorized
            }
        }
        return try await next(request, context)
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
