/// What a cancel did.
public enum CancelOutcome: String, Codable, Hashable, Sendable {
    /// The request was waiting for a tap and now answers `cancelled`.
    case cancelled
    /// The request already finished (its answer stands).
    case alreadyFinished = "already-finished"
    /// No request with that id is known.
    case unknown
}
