/// A JSON document as a tree, so the configuration loader can name the exact field and the
/// type it found when a value is wrong (a `Decodable` struct would only say "type mismatch").
enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// What the value is, for error messages: `a string ("abc")`, `a number (1.5)`.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool(let value): "a boolean (\(value))"
        case .integer(let value): "a number (\(value))"
        case .number(let value): "a number (\(value))"
        case .string(let value): "a string (\"\(value.count > 40 ? String(value.prefix(40)) + "..." : value)\")"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
