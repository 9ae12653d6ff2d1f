import Hummingbird
import Logging

/// Turns every error into the API's JSON error body: ``APIError`` as it is, the router's 404
/// into 404 `not-found` or, when the path exists with another method, 405
/// `method-not-allowed` with `Allow`; anything else into 500 `internal-error` (logged).
struct ErrorRenderingMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = Route.methods(allowedOn: request.uri.path)
            let refusal = allowed.isEmpty ? APIError.routeNotFound : APIError.methodNotAllowed(allowed)
            return try refusal.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            let refusal = APIError(status: error.status, code: "http-error", message: error.status.reasonPhrase)
            return try refusal.response(from: request, context: context)
        } catch {
            logger.error("POS API fault: \(String(describing: error))", metadata: ["path": "\(request.uri.path)"])
            return try APIError.internalError.response(from: request, context: context)
        }
    }
}
