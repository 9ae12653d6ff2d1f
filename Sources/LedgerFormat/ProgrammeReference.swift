import PointsEngine

/// Which signed programme priced a journal entry: its id and version, as the programme
/// document gives them (`programmeId`, `version`).
public struct ProgrammeReference: Codable, Hashable, Sendable {
    /// The programme's `programmeId`.
    public var id: String
    /// The programme's `version`.
    public var version: Int

    public init(id: String, version: Int) {
        self.id = id
        self.version = version
    }

    /// The reference of `programme`.
    public init(_ programme: Programme) {
        self.init(id: programme.programmeId, version: programme.version)
    }
}
