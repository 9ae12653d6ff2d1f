/// What the operators must look at: conflicts, refused requests, findings of the checks.
///
/// Part of ``LedgerStore``; every method is atomic.
public protocol AlarmStore: Sendable {
    /// Records an alarm.
    func raise(_ alarm: Alarm) async throws
    /// Records `alarm` unless one of the same kind, terminal and sequence is recorded already
    /// (a finding that every run of a check makes again); true when it was recorded.
    func raiseOnce(_ alarm: Alarm) async throws -> Bool
    /// The newest `limit` alarms, newest first.
    func alarms(limit: Int) async throws -> [Alarm]
}
