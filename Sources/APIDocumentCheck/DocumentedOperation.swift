import Foundation

/// One operation of an API document (`GET /v1/transactions/{id}`) and the responses it documents.
public struct DocumentedOperation: Sendable {
    /// The document it belongs to (its references are resolved there).
    public let document: APIDocument
    /// The method, upper case.
    public let method: String
    /// The documented path, parameters as `{name}`.
    public let template: String
    /// The operation object.
    public let node: JSONValue

    /// `GET /v1/transactions/{id}`.
    public var name: String { "\(method) \(template)" }

    /// The statuses documented, as the document writes them (`200`, `4XX`, `default`), sorted.
    public var documentedStatuses: [String] { node["responses"]?.objectValue?.keys.sorted() ?? [] }

    /// The response documented for `status`: its own, else its class's (`4XX`), else `default`.
    public func response(for status: Int) -> JSONValue? {
        let responses = node["responses"]?.objectValue ?? [:]
        let documented = responses["\(status)"] ?? responses["\(status / 100)XX"] ?? responses["\(status / 100)xx"] ?? responses["default"]
        return documented.flatMap(document.resolve)
    }

    /// What is wrong with an answer of `status` with `body`, sent as `contentType` (nil: JSON is
    /// assumed), by this operation's document; empty when it is as documented.
    ///
    /// A status not documented is a problem; a response documented without content expects no
    /// body; a JSON body is checked against the response's `application/json` schema; a body of
    /// another documented media type (CSV) is not checked, except one line of JSON a line whose
    /// media type names the schema of a line in `x-ndjson-line` (NDJSON).
    public func problems(status: Int, contentType: String?, body: [UInt8]) -> [SchemaProblem] {
        guard let response = response(for: status) else {
            return [
                SchemaProblem(
                    .root, "status \(status) is not documented for \(name) (documented: \(documentedStatuses.joined(separator: ", ")))")
            ]
        }
        let content = response["content"]?.objectValue ?? [:]
        guard !content.isEmpty else {
            return body.isEmpty ? [] : [SchemaProblem(.root, "no body is documented for status \(status), got \(body.count) bytes")]
        }
        let mediaTypes = Dictionary(content.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        let mediaType = contentType.map(Self.mediaType) ?? "application/json"
        guard let media = mediaTypes[mediaType] else {
            return [
                SchemaProblem(
                    .root,
                    "content type \(mediaType) is not documented for status \(status) (documented: \(mediaTypes.keys.sorted().joined(separator: ", ")))"
                )
            ]
        }
        guard mediaType == "application/json" || mediaType.hasSuffix("+json") else {
            return media["x-ndjson-line"].map { lineProblems(body, against: $0) } ?? []
        }
        guard !body.isEmpty else { return [SchemaProblem(.root, "expected a JSON body, got none")] }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body)
        } catch {
            return [SchemaProblem(.root, "the body is not JSON (\(body.count) bytes)")]
        }
        guard let schema = media["schema"] else { return [] }
        return SchemaValidator(document: document).problems(of: value, against: schema)
    }

    /// `application/json` of `application/json; charset=utf-8`.
    static func mediaType(_ contentType: String) -> String {
        String(contentType.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces).lowercased()
    }
}
