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
    /// `target`: nil when it is as documented.
    ///
    /// With `headerNames` (the answer's header names), the headers the response requires are
    /// checked to be there too.
    ///
    /// A request no documented operation serves (an unknown path, another method on a known
    /// path) has its answer described by the document in words only: its JSON body is checked
    /// against `unservedSchema` when given (a reference, `#/components/schemas/Error`), else
    /// not at all.
    public func check(
        method: String, target: String, status: Int, contentType: String?, body: [UInt8], headerNames: [String]? = nil,
        unservedSchema: String? = nil
    ) -> ResponseReport? {
        let name: String
        let problems: [SchemaProblem]
        if let operation = operation(method: method, target: target) {
            name = operation.name
            problems =
                operation.problems(status: status, contentType: contentType, body: body)
                + (headerNames.map { operation.headerProblems(status: status, headerNames: $0) } ?? [])
        } else if let unservedSchema {
            name = "\(method.uppercased()) \(target.prefix { $0 != "?" }) (no operation)"
            problems = self.problems(ofBody: body, against: unservedSchema)
        } else {
            return nil
        }
        guard !problems.isEmpty else { return nil }
        return ResponseReport(document: self.name, operation: name, status: status, problems: problems)
    }

    /// What is wrong with the JSON `body` against the schema `reference` names.
    public func problems(ofBody body: [UInt8], against reference: String) -> [SchemaProblem] {
        guard pointee(reference) != nil else { return [SchemaProblem(.root, "\(reference) is not in \(name)")] }
        guard let value = try? JSONValue(parsing: body) else { return [SchemaProblem(.root, "the body is not JSON (\(body.count) bytes)")] }
        return SchemaValidator(document: self).problems(of: value, against: .object(["$ref": .string(reference)]))
    }
}
