extension APIDocument {
    /// The operation that serves `method` on `target`, a concrete request target
    /// (`/v1/transactions/S-1?x=1`: the query is left out, each `{parameter}` of a documented
    /// path matches one non-empty segment, a literal segment beats a parameter); nil when no
    /// documented path matches or its path has no operation for the method.
    public func operation(method: String, target: String) -> DocumentedOperation? {
        let path = String(target.prefix { $0 != "?" && $0 != "#" })
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let matching = (root["paths"]?.objectValue?.keys.sorted() ?? []).compactMap { template in
            Self.literalsMatched(template: template, segments: segments).map { (template: template, literals: $0) }
        }
        guard let template = matching.max(by: { $0.literals < $1.literals })?.template,
            let item = root["paths"]?[template].flatMap(resolve),
            let operation = item[method.lowercased()].flatMap(resolve)
        else { return nil }
        return DocumentedOperation(document: self, method: method.uppercased(), template: template, node: operation)
    }

    /// How many literal segments of `template` match `segments`, or nil when it does not match.
    static func literalsMatched(template: String, segments: [Substring]) -> Int? {
        let parts = template.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == segments.count else { return nil }
        var literals = 0
        for (part, segment) in zip(parts, segments) {
            if part.hasPrefix("{") && part.hasSuffix("}") {
                guard !segment.isEmpty else { return nil }
            } else if part == segment {
                literals += 1
            } else {
                return nil
            }
        }
        return literals
    }
}
