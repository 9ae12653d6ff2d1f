import Foundation
import Yams

/// An OpenAPI 3.0 document, read from its YAML, as far as answers are checked against it: its
/// paths, their operations and responses, and the `$ref`s between them.
public struct APIDocument: Sendable {
    /// The name the document goes by in problems (`docs/pos-api.yaml`).
    public let name: String
    /// The whole document.
    public let root: JSONValue

    /// The document in `yaml`, named `name`.
    public init(yaml: String, name: String = "the API document") throws {
        guard let loaded = try Yams.load(yaml: yaml) else { throw APIDocumentError("\(name) is empty") }
        let root = JSONValue(yaml: loaded)
        guard root["paths"]?.objectValue != nil else { throw APIDocumentError("\(name) has no paths") }
        self.name = name
        self.root = root
    }

    /// The document in the file at `url`, named by `name` (the file's name when not given).
    public init(contentsOf url: URL, name: String? = nil) throws {
        try self.init(yaml: try String(contentsOf: url, encoding: .utf8), name: name ?? url.lastPathComponent)
    }

    /// `node`, or what its `$ref` points to (followed again while the target is a `$ref`); nil
    /// when a reference leads nowhere in this document.
    public func resolve(_ node: JSONValue) -> JSONValue? {
        var current = node
        for _ in 0..<32 {
            guard let reference = current["$ref"]?.stringValue else { return current }
            guard let target = pointee(reference) else { return nil }
            current = target
        }
        return nil
    }

    /// The node a local reference (`#/components/schemas/Error`) names, or nil.
    func pointee(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        let pointer = (reference.dropFirst().removingPercentEncoding ?? String(reference.dropFirst()))
        var node = root
        for token in pointer.split(separator: "/", omittingEmptySubsequences: true) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let members = node.objectValue, let next = members[key] {
                node = next
            } else if let elements = node.arrayValue, let index = Int(key), elements.indices.contains(index) {
                node = elements[index]
            } else {
                return nil
            }
        }
        return node
    }
}

/// A document that cannot be read, or a reference that leads nowhere.
public struct APIDocumentError: Error, CustomStringConvertible {
    /// What is wrong.
    public let description: String

    init(_ description: String) { self.description = description }
}
