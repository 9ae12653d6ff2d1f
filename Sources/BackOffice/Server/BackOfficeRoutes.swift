import HTTPTypes

/// The back office's routes as `docs/backoffice-api.yaml` documents them: what a 405 answer's
/// `Allow` lists when a request names a known path with another method. A test checks this table
/// against the document and the router (`DocumentedRoutesTests`).
public enum BackOfficeRoutes {
    /// Every documented method and path; `{name}` is a path parameter.
    public static let all: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/health"),
        (.get, "/v1/time"),
        (.post, "/v1/journal/batches"),
        (.get, "/v1/documents/{kind}"),
        (.post, "/v1/terminal-status"),
        (.get, "/v1/journal"),
        (.get, "/v1/terminals"),
        (.get, "/v1/alarms"),
        (.get, "/v1/reports/retention"),
        (.get, "/v1/reports/nps"),
        (.get, "/v1/reports/cards"),
        (.get, "/v1/reports/approvals"),
        (.get, "/v1/reports/refunds"),
        (.get, "/v1/members/{member}"),
        (.post, "/v1/members/{member}/reservations"),
        (.get, "/v1/members"),
        (.post, "/v1/refund-reservations"),
        (.post, "/v1/cards/{card}/lost"),
        (.post, "/v1/cards/{card}/replacement"),
    ]

    /// The methods documented on `requestPath`, in the table's order; empty when no route has
    /// that path. Components are split as the router splits them (empty ones skipped).
    public static func methods(allowedOn requestPath: String) -> [HTTPRequest.Method] {
        let components = requestPath.split(separator: "/")
        return all.filter { route in
            let pattern = route.path.split(separator: "/")
            return pattern.count == components.count
                && zip(pattern, components).allSatisfy { expected, actual in expected.hasPrefix("{") || expected == actual }
        }.map(\.method)
    }
}
