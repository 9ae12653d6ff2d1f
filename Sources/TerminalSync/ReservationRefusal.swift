import SyncProtocol

/// The back office's refusal of a reservation: its status and problem.
public struct ReservationRefusal: Error, Sendable {
    public var status: Int
    public var problem: ProblemAnswer?
}
