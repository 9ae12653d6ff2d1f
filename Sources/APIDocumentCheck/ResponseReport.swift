/// An answer that is not as its document says: which operation, which status, what is wrong.
public struct ResponseReport: Sendable, CustomStringConvertible {
    /// The document (`pos-api.yaml`).
    public let document: String
    /// The operation (`GET /v1/transactions/{id}`).
    public let operation: String
    /// The answer's status.
    public let status: Int
    /// What is wrong, one problem a line.
    public let problems: [SchemaProblem]

    /// The report, its problems one a line under a heading naming the operation and status.
    public var description: String {
        (["\(operation) answered \(status), not as \(document) documents it:"] + problems.map { "  \($0)" }).joined(separator: "\n")
    }
}

extension APIDocument {
    /// The report on an answer of `status` with `body` (sent as `contentType`) to `method` on
    /// `target`: nil when it is as documented, or when no documented operation serves the
    /// request (an unknown path, another method on a known path: nothing documents that answer).
    public func check(method: String, target: String, status: Int, contentType: String?, body: [UInt8]) -> ResponseReport? {
        guard let operation = operation(method: method, target: target) else { return nil }
        let problems = operation.problems(status: status, contentType: contentType, body: body)
        guard !problems.isEmpty else { return nil }
        return ResponseReport(document: name, operation: operation.name, status: status, problems: problems)
    }
}
