extension SchemaValidator {
    /// `allOf` (every schema), `anyOf` (at least one), `oneOf` (exactly one).
    ///
    /// When no alternative of `anyOf` or `oneOf` fits, the problem names those of the nearest
    /// one (the alternative with the fewest).
    func checkComposition(
        _ value: JSONValue, against schema: JSONValue, at path: JSONPath, depth: Int, into problems: inout [SchemaProblem]
    ) {
        for part in schema["allOf"]?.arrayValue ?? [] {
            check(value, against: part, at: path, depth: depth + 1, into: &problems)
        }
        for keyword in ["anyOf", "oneOf"] {
            guard let alternatives = schema[keyword]?.arrayValue, !alternatives.isEmpty else { continue }
            let outcomes = alternatives.map { alternative in
                var found: [SchemaProblem] = []
                check(value, against: alternative, at: path, depth: depth + 1, into: &found)
                return found
            }
            let fitting = outcomes.filter(\.isEmpty).count
            if fitting == 0 {
                let nearest = outcomes.min { $0.count < $1.count } ?? []
                let detail = nearest.map(\.description).joined(separator: "; ")
                problems.append(
                    SchemaProblem(path, "fits none of the \(alternatives.count) schemas of \(keyword) (the nearest: \(detail))"))
            } else if keyword == "oneOf", fitting > 1 {
                problems.append(SchemaProblem(path, "fits \(fitting) of the \(alternatives.count) schemas of oneOf, exactly one expected"))
            }
        }
    }
}
