import Hummingbird

/// The API's routes: one table for registration, the metrics label and the 405 answer.
enum Route: CaseIterable, Sendable {
    case sales, refunds, balance, enrolments, transaction, cancel, health, adjustments, reversals, approvals, surveys

    /// The method the route answers.
    var method: HTTPRequest.Method {
        switch self {
        case .transaction, .health: .get
        case .sales, .refunds, .balance, .enrolments, .cancel, .adjustments, .reversals, .approvals, .surveys: .post
        }
    }

    /// The path as the router takes it; `{id}` is a path parameter.
    var path: String {
        switch self {
        case .sales: "/v1/sales"
        case .refunds: "/v1/refunds"
        case .balance: "/v1/balance"
        case .enrolments: "/v1/enrolments"
        case .transaction: "/v1/transactions/{id}"
        case .cancel: "/v1/transactions/{id}/cancel"
        case .health: "/health"
        case .adjustments: "/v1/adjustments"
        case .reversals: "/v1/reversals"
        case .approvals: "/v1/approvals"
        case .surveys: "/v1/surveys"
        }
    }

    /// The `endpoint` dimension of the metrics: a few fixed values, never a request id.
    var label: String {
        switch self {
        case .sales: "sales"
        case .refunds: "refunds"
        case .balance: "balance"
        case .enrolments: "enrolments"
        case .transaction: "transaction"
        case .cancel: "cancel"
        case .health: "health"
        case .adjustments: "adjustments"
        case .reversals: "reversals"
        case .approvals: "approvals"
        case .surveys: "surveys"
        }
    }

    /// Whether `requestPath` has this route's shape, whatever the method. Components are split
    /// as the router splits them (empty ones skipped).
    func matches(path requestPath: String) -> Bool {
        let pattern = path.split(separator: "/")
        let components = requestPath.split(separator: "/")
        guard pattern.count == components.count else { return false }
        return zip(pattern, components).allSatisfy { expected, actual in
            expected.hasPrefix("{") || expected == actual
        }
    }

    /// The route answering `method` on `path`, if any.
    static func find(method: HTTPRequest.Method, path: String) -> Route? {
        allCases.first { $0.method == method && $0.matches(path: path) }
    }

    /// The methods some route answers on `path`; empty when no route has that path.
    static func methods(allowedOn path: String) -> [HTTPRequest.Method] {
        allCases.filter { $0.matches(path: path) }.map(\.method)
    }
}
