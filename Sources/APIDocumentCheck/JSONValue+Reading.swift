import Foundation

extension JSONValue: Decodable {
    /// Decodes any JSON value, telling booleans, whole numbers and other numbers apart.
    public init(from decoder: any Decoder) throws {
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
}

extension JSONValue {
    /// The JSON text `bytes` holds.
    public init(parsing bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// A value as Yams loads YAML (dictionaries, arrays, strings, numbers, booleans, null).
    ///
    /// Scalars of other kinds (a date Yams recognised) are kept as their text.
    init(yaml value: Any) {
        switch value {
        case is NSNull: self = .null
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .integer(Int64(value))
        case let value as Double: self = .number(value)
        case let value as String: self = .string(value)
        case let value as [Any]: self = .array(value.map(JSONValue.init(yaml:)))
        case let value as [String: Any]: self = .object(value.mapValues(JSONValue.init(yaml:)))
        case let value as [AnyHashable: Any]:
            self = .object(Dictionary(value.map { ("\($0.key.base)", JSONValue(yaml: $0.value)) }, uniquingKeysWith: { first, _ in first }))
        default: self = .string("\(value)")
        }
    }

    /// Short JSON text of the value for a problem's message: scalars in full (long strings cut),
    /// arrays and objects by their type.
    var brief: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let text): text.count > 60 ? "\"\(text.prefix(57))...\"" : "\"\(text)\""
        case .array(let elements): "an array of \(elements.count)"
        case .object: "an object"
        }
    }
}
