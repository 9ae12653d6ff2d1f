/// Where in a JSON body a value is: `$` for the body, `$.lines[2].points` for a value inside it.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// The path as text.
    public let description: String

    /// The body as a whole, `$`.
    public static let root = JSONPath(description: "$")

    /// The member `key` of the object at this path (`$.name`, or `$["odd key"]`).
    public func member(_ key: String) -> JSONPath {
        let letters: ClosedRange<Unicode.Scalar> = "a"..."z"
        let capitals: ClosedRange<Unicode.Scalar> = "A"..."Z"
        let digits: ClosedRange<Unicode.Scalar> = "0"..."9"
        let plain =
            key.unicodeScalars.first.map { letters.contains($0) || capitals.contains($0) || $0 == "_" } == true
            && key.unicodeScalars.allSatisfy {
                letters.contains($0) || capitals.contains($0) || digits.contains($0) || $0 == "_" || $0 == "-"
            }
        return JSONPath(description: plain ? "\(description).\(key)" : "\(description)[\"\(key)\"]")
    }

    /// The element `index` of the array at this path (`$.lines[2]`).
    public func element(_ index: Int) -> JSONPath { JSONPath(description: "\(description)[\(index)]") }
}

/// One way a body differs from its documented schema, or an answer from its operation.
public struct SchemaProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where in the body.
    public let path: JSONPath
    /// What is wrong, in words (`expected integer, got string`).
    public let message: String

    /// A problem at `path`.
    public init(_ path: JSONPath, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `$.lines[2].points: expected integer, got string`.
    public var description: String { "\(path): \(message)" }
}
