import Checkout
import LedgerFormat

/// Problems found while decoding a body, already worded for the POS.
struct FieldProblemsError: Error {
    var problems: [FieldProblem]

    init(_ problems: [FieldProblem]) {
        self.problems = problems
    }

    init(_ field: String, _ problem: String) {
        problems = [FieldProblem(field, problem)]
    }
}

/// Turns a `DecodingError` into the field it is about (its coding path, `excluded[1].amount`)
/// and a reason. Problems with the body as a whole are reported for the field `body`.
enum DecodingProblem {
    /// The problem `error` describes.
    static func problem(_ error: DecodingError, bodyIsEmpty: Bool = false) -> FieldProblem {
        switch error {
        case .keyNotFound(let key, let context):
            return FieldProblem(FieldPath.render(context.codingPath + [key]), "is required")
        case .valueNotFound(_, let context):
            return FieldProblem(FieldPath.render(context.codingPath), "must not be null")
        case .typeMismatch(let type, let context):
            return FieldProblem(FieldPath.render(context.codingPath), expectation(type))
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return FieldProblem("body", bodyIsEmpty ? "is empty; a JSON object is required" : "is not valid JSON")
            }
            return FieldProblem(FieldPath.render(context.codingPath), "is not a valid value")
        @unknown default:
            return FieldProblem("body", "could not be decoded")
        }
    }

    /// What a value of `type` must be, in words.
    static func expectation(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "must be a string"
        case is Int64.Type, is Int.Type, is UInt64.Type, is Int32.Type: "must be a whole number"
        case is Bool.Type: "must be true or false"
        case is [Any].Type: "must be an array"
        case is [String: Any].Type: "must be an object"
        default: "has the wrong type"
        }
    }
}

/// Coding paths as the POS names fields: `excluded[1].amount`.
enum FieldPath {
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "body" : text
    }
}
