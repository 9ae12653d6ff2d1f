extension DocumentedOperation {
    /// What is wrong with `body` as newline-delimited JSON (each line one JSON value ending in
    /// `\n`; an empty body has no line), each line checked against `schema`; a problem is
    /// placed by its line (`line 2 $.entry`).
    func lineProblems(_ body: [UInt8], against schema: JSONValue) -> [SchemaProblem] {
        let feed = UInt8(ascii: "\n")
        var lines = body.split(separator: feed, omittingEmptySubsequences: false)
        var problems: [SchemaProblem] = []
        if body.last == feed || body.isEmpty {
            lines.removeLast()
        } else {
            problems.append(SchemaProblem(.root, "the last line does not end in a line feed"))
        }
        let validator = SchemaValidator(document: document)
        for (index, line) in lines.enumerated() {
            let place = "line \(index + 1) "
            guard let value = try? JSONValue(parsing: Array(line)) else {
                problems.append(SchemaProblem(JSONPath(description: place + "$"), "not JSON (\(line.count) bytes)"))
                continue
            }
            problems += validator.problems(of: value, against: schema).map {
                SchemaProblem(JSONPath(description: place + $0.path.description), $0.message)
            }
        }
        return problems
    }
}
