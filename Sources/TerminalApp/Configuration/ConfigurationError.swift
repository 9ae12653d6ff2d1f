import Foundation

/// A configuration the terminal cannot run with: the file, the field (as a JSON path such as
/// `journal.size`) and what is wrong with it, in words a technician can act on.
struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configuration file.
    var file: String
    /// The field, or `nil` when the whole file is at fault (missing, not JSON).
    var field: String?
    /// What is wrong.
    var problem: String

    init(file: String, field: String?, _ problem: String) {
        self.file = file
        self.field = field
        self.problem = problem
    }

    var description: String {
        if let field { "\(file): \(field): \(problem)" } else { "\(file): \(problem)" }
    }
}

/// Reads the fields of one JSON object, remembering which were read, so that a field the
/// terminal does not know (a typo, a setting of another version) is reported instead of
/// silently ignored. Fields whose name starts with `_` are comments and always allowed.
final class ConfigurationObject {
    let file: String
    /// The JSON path of this object (`""` for the top level).
    let path: String
    private let fields: [String: JSONValue]
    private var known: [String] = []

    init(file: String, path: String, fields: [String: JSONValue]) {
        self.file = file
        self.path = path
        self.fields = fields
    }

    /// The full name of `key` in this object, for messages.
    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String?, _ problem: String) -> ConfigurationError {
        ConfigurationError(file: file, field: key.map(name) ?? (path.isEmpty ? nil : path), problem)
    }

    /// The field names present (comments left out), sorted.
    var allKeys: [String] { fields.keys.sorted().filter { !$0.hasPrefix("_") } }

    /// The raw value of `key`; `nil` when absent or `null`.
    func value(_ key: String) -> JSONValue? {
        known.append(key)
        guard let value = fields[key], value != .null else { return nil }
        return value
    }

    func string(_ key: String, allowEmpty: Bool = false) throws(ConfigurationError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw error(key, "expected a string, found \(value.kind)") }
        if !allowEmpty, text.trimmingCharacters(in: .whitespaces).isEmpty { throw error(key, "must not be empty") }
        return text
    }

    func bool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw error(key, "expected true or false, found \(value.kind)") }
        return flag
    }

    func integer(_ key: String, in range: ClosedRange<Int64>, unit: String = "") throws(ConfigurationError) -> Int64? {
        guard let value = value(key) else { return nil }
        guard case .integer(let number) = value else {
            throw error(key, "expected a whole number\(unit.isEmpty ? "" : " of \(unit)"), found \(value.kind)")
        }
        guard range.contains(number) else {
            throw error(
                key, "\(number) is out of range: must be from \(range.lowerBound) to \(range.upperBound)\(unit.isEmpty ? "" : " \(unit)")")
        }
        return number
    }

    func object(_ key: String) throws(ConfigurationError) -> ConfigurationObject? {
        guard let value = value(key) else { return nil }
        guard case .object(let fields) = value else { throw error(key, "expected an object, found \(value.kind)") }
        return ConfigurationObject(file: file, path: name(key), fields: fields)
    }

    /// Fails on the first field that was not asked for.
    func finish() throws(ConfigurationError) {
        for key in fields.keys.sorted() where !key.hasPrefix("_") && !known.contains(key) {
            throw error(key, "unknown field (known here: \(known.joined(separator: ", ")))")
        }
    }
}
