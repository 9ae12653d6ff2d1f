/// Why a programme was refused: every problem found, each naming its field
/// with a JSON path such as `earning.bands[2].from`.
public struct ProgrammeValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems, in document order.
    public var issues: [Issue]

    /// One problem with one field.
    public struct Issue: Hashable, Sendable, CustomStringConvertible {
        /// The JSON path of the field, e.g. `tiers.levels[1].threshold`.
        public var field: String
        /// What is wrong with it.
        public var problem: String

        public init(field: String, problem: String) {
            self.field = field
            self.problem = problem
        }

        public var description: String { "\(field): \(problem)" }
    }

    public init(issues: [Issue]) { self.issues = issues }

    /// Whether some issue names exactly this field.
    public func names(_ field: String) -> Bool { issues.contains { $0.field == field } }

    public var description: String {
        "programme refused: " + issues.map(\.description).joined(separator: "; ")
    }
}

/// Collects issues while validating.
struct IssueCollector {
    var issues: [ProgrammeValidationError.Issue] = []

    mutating func check(_ ok: Bool, _ field: String, _ problem: @autoclosure () -> String) {
        if !ok { issues.append(.init(field: field, problem: problem())) }
    }

    mutating func range<T: Comparable>(_ value: T, _ bounds: ClosedRange<T>, _ field: String) {
        check(bounds.contains(value), field, "\(value) is outside \(bounds.lowerBound)...\(bounds.upperBound)")
    }

    mutating func points(_ value: Int64, _ field: String) {
        range(value, 0...ProgrammeValidation.maximumPoints, field)
    }
}
