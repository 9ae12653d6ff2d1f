import Hummingbird
import Logging
import Metrics

/// Logs one line per request (method, path, status, duration) and records the metrics:
/// - `pos_api_requests_total`, a counter by `endpoint` and `status`;
/// - `pos_api_request_duration_seconds`, a timer by `endpoint`.
///
/// `endpoint` is the route (`sales`, `refunds`, `balance`, `transaction`, `cancel`, `health`),
/// the router's path for routes added by others, or `unmatched`: never a request id, so the
/// number of series stays small. Health checks are logged at debug level (they are polled),
/// every other request at info. Neither headers nor bodies are logged.
struct ObservationMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let status: HTTPResponse.Status
        let response: Response
        do {
            response = try await next(request, context)
            status = response.status
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            record(request, context: context, status: status, elapsed: ContinuousClock.now - start)
            throw error
        }
        record(request, context: context, status: status, elapsed: ContinuousClock.now - start)
        return response
    }

    private func record(_ request: Request, context: Context, status: HTTPResponse.Status, elapsed: Duration) {
        let endpoint = Self.endpoint(request, context: context)
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        Counter(label: "pos_api_requests_total", dimensions: [("endpoint", endpoint), ("status", String(status.code))]).increment()
        Timer(label: "pos_api_request_duration_seconds", dimensions: [("endpoint", endpoint)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(nanoseconds)
        let path = String(request.uri.path.prefix(200))
        let tenthsOfMilliseconds = nanoseconds / 100_000
        let milliseconds = "\(tenthsOfMilliseconds / 10).\(tenthsOfMilliseconds % 10)"
        logger.log(
            level: endpoint == Route.health.label ? .debug : .info,
            "\(request.method) \(path) \(status.code) \(milliseconds) ms",
            metadata: [
                "http.method": "\(request.method)", "http.path": "\(path)", "http.status": "\(status.code)",
                "duration_ms": "\(milliseconds)",
            ])
    }

    /// The metrics label of the request's endpoint.
    static func endpoint(_ request: Request, context: Context) -> String {
        if let route = Route.find(method: request.method, path: request.uri.path) {
            return route.label
        }
        if let path = context.endpointPath, path != "NotFound" {
            return path
        }
        return "unmatched"
    }
}
