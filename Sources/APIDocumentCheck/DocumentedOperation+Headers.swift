extension DocumentedOperation {
    /// The headers the response documented for `status` requires (`required: true`) that are
    /// not among `headerNames` (compared without regard to case); each problem is placed at
    /// `header NAME`. Header values are not checked.
    public func headerProblems(status: Int, headerNames: [String]) -> [SchemaProblem] {
        guard let headers = response(for: status)?["headers"]?.objectValue else { return [] }
        let present = Set(headerNames.map { $0.lowercased() })
        return headers.keys.sorted().compactMap { name in
            guard let header = headers[name].flatMap(document.resolve), header["required"]?.isTrue == true,
                !present.contains(name.lowercased())
            else { return nil }
            return SchemaProblem(JSONPath(description: "header \(name)"), "required, missing")
        }
    }
}
