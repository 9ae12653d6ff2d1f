import Foundation

extension SchemaValidator {
    /// `minLength`, `maxLength` (Unicode code points) and `pattern`.
    func checkString(_ text: String, against schema: JSONValue, at path: JSONPath, into problems: inout [SchemaProblem]) {
        let length = text.unicodeScalars.count
        if let minimum = schema["minLength"]?.doubleValue, Double(length) < minimum {
            problems.append(SchemaProblem(path, "\(length) characters, at least \(Int(minimum)) expected"))
        }
        if let maximum = schema["maxLength"]?.doubleValue, Double(length) > maximum {
            problems.append(SchemaProblem(path, "\(length) characters, at most \(Int(maximum)) expected"))
        }
        if let pattern = schema["pattern"]?.stringValue {
            guard let expression = try? NSRegularExpression(pattern: pattern) else {
                problems.append(SchemaProblem(path, "the schema's pattern \(pattern) is not a regular expression"))
                return
            }
            if expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                problems.append(SchemaProblem(path, "\(JSONValue.string(text).brief) does not match the pattern \(pattern)"))
            }
        }
    }

    /// `minimum`, `maximum`, and OpenAPI 3.0's boolean `exclusiveMinimum`, `exclusiveMaximum`.
    func checkNumber(_ value: JSONValue, against schema: JSONValue, at path: JSONPath, into problems: inout [SchemaProblem]) {
        if let minimum = schema["minimum"] {
            let exclusive = schema["exclusiveMinimum"]?.isTrue == true
            if let order = Self.compare(value, minimum), exclusive ? order <= 0 : order < 0 {
                problems.append(
                    SchemaProblem(path, "\(value.brief) is below the minimum \(minimum.brief)\(exclusive ? " (exclusive)" : "")"))
            }
        }
        if let maximum = schema["maximum"] {
            let exclusive = schema["exclusiveMaximum"]?.isTrue == true
            if let order = Self.compare(value, maximum), exclusive ? order >= 0 : order > 0 {
                problems.append(
                    SchemaProblem(path, "\(value.brief) is above the maximum \(maximum.brief)\(exclusive ? " (exclusive)" : "")"))
            }
        }
    }

    /// -1, 0 or 1 as `left` is below, equal to or above `right`; exact for two integers; nil
    /// when either is not a number.
    static func compare(_ left: JSONValue, _ right: JSONValue) -> Int? {
        if case .integer(let a) = left, case .integer(let b) = right { return a < b ? -1 : (a == b ? 0 : 1) }
        guard let a = left.doubleValue, let b = right.doubleValue else { return nil }
        return a < b ? -1 : (a == b ? 0 : 1)
    }
}
