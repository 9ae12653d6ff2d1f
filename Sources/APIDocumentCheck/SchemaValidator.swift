/// Checks a JSON value against an OpenAPI 3.0 schema object.
///
/// Understood: `$ref` (local), `type`, `nullable`, `enum`, `properties`, `required`,
/// `additionalProperties` (boolean or schema), `items`, `minItems`, `maxItems`, `minimum`,
/// `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `minLength`, `maxLength` (in code points),
/// `pattern` (searched, as JSON Schema does), `allOf`, `anyOf`, `oneOf`. Annotations (`format`,
/// `description`, `example`, `default`) and anything else are ignored.
public struct SchemaValidator: Sendable {
    /// Where references are resolved.
    public let document: APIDocument

    /// A validator resolving references in `document`.
    public init(document: APIDocument) {
        self.document = document
    }

    /// Every problem of `value` against `schema`; empty when it is valid.
    public func problems(of value: JSONValue, against schema: JSONValue) -> [SchemaProblem] {
        var problems: [SchemaProblem] = []
        check(value, against: schema, at: .root, depth: 0, into: &problems)
        return problems
    }

    /// References nested this deep are taken for a cycle.
    static let maximumDepth = 128

    func check(_ value: JSONValue, against schema: JSONValue, at path: JSONPath, depth: Int, into problems: inout [SchemaProblem]) {
        guard depth < Self.maximumDepth else {
            problems.append(SchemaProblem(path, "the schema nests more than \(Self.maximumDepth) deep (a cycle of references?)"))
            return
        }
        guard let schema = document.resolve(schema) else {
            problems.append(SchemaProblem(path, "the schema's reference \(schema["$ref"]?.brief ?? "") leads nowhere in \(document.name)"))
            return
        }
        if value == .null, schema["nullable"]?.isTrue == true { return }
        if let type = schema["type"]?.stringValue, !Self.value(value, hasType: type) {
            problems.append(SchemaProblem(path, "expected \(type), got \(value.typeName)"))
            return
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(where: { $0.sameJSON(as: value) }) {
            problems.append(SchemaProblem(path, "\(value.brief) is not one of \(allowed.map(\.brief).joined(separator: ", "))"))
        }
        switch value {
        case .string(let text): checkString(text, against: schema, at: path, into: &problems)
        case .integer, .number: checkNumber(value, against: schema, at: path, into: &problems)
        case .array(let elements): checkArray(elements, against: schema, at: path, depth: depth, into: &problems)
        case .object(let members): checkObject(members, against: schema, at: path, depth: depth, into: &problems)
        case .null, .bool: break
        }
        checkComposition(value, against: schema, at: path, depth: depth, into: &problems)
    }

    /// Whether `value` is of the schema type `type` (an `integer` is also a `number`; a number
    /// with no fraction is also an `integer`). Types OpenAPI 3.0 does not have match anything.
    static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch type {
        case "integer": value.typeName == "integer"
        case "number": value.doubleValue != nil
        case "string", "boolean", "array", "object": value.typeName == type
        default: true
        }
    }
}
