extension SchemaValidator {
    /// `minItems`, `maxItems`, and `items` for each element.
    func checkArray(_ elements: [JSONValue], against schema: JSONValue, at path: JSONPath, depth: Int, into problems: inout [SchemaProblem])
    {
        if let minimum = schema["minItems"]?.doubleValue, Double(elements.count) < minimum {
            problems.append(SchemaProblem(path, "\(elements.count) items, at least \(Int(minimum)) expected"))
        }
        if let maximum = schema["maxItems"]?.doubleValue, Double(elements.count) > maximum {
            problems.append(SchemaProblem(path, "\(elements.count) items, at most \(Int(maximum)) expected"))
        }
        guard let items = schema["items"] else { return }
        for (index, element) in elements.enumerated() {
            check(element, against: items, at: path.element(index), depth: depth + 1, into: &problems)
        }
    }

    /// `required`, `properties` for each member named there, `additionalProperties` for the others.
    func checkObject(
        _ members: [String: JSONValue], against schema: JSONValue, at path: JSONPath, depth: Int, into problems: inout [SchemaProblem]
    ) {
        for case .string(let name) in schema["required"]?.arrayValue ?? [] where members[name] == nil {
            problems.append(SchemaProblem(path, "missing required field \(name)"))
        }
        let properties = schema["properties"]?.objectValue ?? [:]
        let additional = schema["additionalProperties"]
        for (key, member) in members.sorted(by: { $0.key < $1.key }) {
            if let property = properties[key] {
                check(member, against: property, at: path.member(key), depth: depth + 1, into: &problems)
            } else if additional == .bool(false) {
                problems.append(SchemaProblem(path.member(key), "not a documented field (additionalProperties is false)"))
            } else if let additional, additional.objectValue != nil {
                check(member, against: additional, at: path.member(key), depth: depth + 1, into: &problems)
            }
        }
    }
}
