import HTTPTypes
import Hummingbird
import Logging
import Metrics
import SyncProtocol

/// Renders every refusal as a `ProblemAnswer` (the router's 404 for a known path with another
/// method as 405 `method-not-allowed` with `Allow`), stamps the server's clock on every answer, logs
/// one line per request and records `backoffice_requests_total` (by route and status) and
/// `backoffice_request_duration_seconds` (by route).
struct ObservationMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    let clock: @Sendable () -> Int64

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as BackOfficeProblem {
            response = try problem.response(serverTime: clock())
            if problem.status.code >= 400 {
                logger.notice("refused \(request.method) \(request.uri.path): \(problem)")
            }
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = BackOfficeRoutes.methods(allowedOn: request.uri.path)
            let problem = allowed.isEmpty ? BackOfficeProblem.notFound : BackOfficeProblem.methodNotAllowed(allowed)
            response = try problem.response(serverTime: clock())
        } catch let error as any HTTPResponseError {
            let problem = BackOfficeProblem(status: error.status, code: "http-error", reason: error.status.reasonPhrase)
            response = try problem.response(serverTime: clock())
        } catch {
            logger.error("back office fault: \(String(describing: error))", metadata: ["path": "\(request.uri.path)"])
            response = try BackOfficeProblem.internalError.response(serverTime: clock())
        }
        response.headers[HTTPField.Name(SyncHeader.serverTime)!] = String(clock())
        let route = context.endpointPath ?? "unmatched"
        let elapsed = ContinuousClock.now - start
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        Counter(label: "backoffice_requests_total", dimensions: [("route", route), ("status", String(response.status.code))]).increment()
        Timer(label: "backoffice_request_duration_seconds", dimensions: [("route", route)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(nanoseconds)
        logger.log(
            level: route == "/health" ? .debug : .info,
            "\(request.method) \(request.uri.path.prefix(200)) \(response.status.code) \(nanoseconds / 1_000_000) ms")
        return response
    }
}
