import Foundation
import Hummingbird
import Yams

/// The operations an OpenAPI document describes, as `METHOD /path/{parameter}` lines.
enum DocumentedOperations {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The operations of `docs/NAME`.
    static func load(_ name: String) throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent("docs/\(name)"), encoding: .utf8)
        guard let document = try Yams.load(yaml: text) as? [String: Any], let paths = document["paths"] as? [String: Any] else {
            throw DocumentError(description: "docs/\(name) has no paths")
        }
        var operations = Set<String>()
        for (path, item) in paths {
            for method in (item as? [String: Any] ?? [:]).keys where methods.contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    /// The operations `router` serves, its path parameters written as the document writes them.
    static func served<Context: RequestContext>(by router: Router<Context>) -> Set<String> {
        Set(
            router.routes.map { route in
                let path = route.path.description.split(separator: "/", omittingEmptySubsequences: false).map { component in
                    component.hasPrefix(":") ? "{\(component.dropFirst())}" : String(component)
                }.joined(separator: "/")
                return "\(route.method.rawValue) \(path.hasPrefix("/") ? path : "/" + path)"
            })
    }

    struct DocumentError: Error, CustomStringConvertible {
        let description: String
    }
}
