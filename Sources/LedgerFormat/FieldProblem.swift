/// One problem with one field of a request, e.g. `amount`: `must be positive`.
public struct FieldProblem: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The field, as named in the JSON body (`excluded[1].amount`).
    public var field: String
    /// What is wrong with it, in words.
    public var problem: String

    public init(_ field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}
