/// When a terminal needs a technician (`serve --stale-sync-hours`, `--journal-fill-alarm-percent`,
/// `--clock-drift-alarm-seconds`, `--refusal-alarm-count`; `docs/backoffice.md`, "The fleet").
public struct FleetThresholds: Sendable, Equatable, Codable {
    /// Not synced for longer than this.
    public var staleSyncHours: Int
    /// The journal's records waiting for sync over this share of its capacity.
    public var journalFillPercent: Double
    /// The terminal's clock further than this from the back office's.
    public var clockDriftSeconds: Int
    /// More refusals than this in one status report.
    public var refusalCount: Int

    public init(staleSyncHours: Int = 24, journalFillPercent: Double = 80, clockDriftSeconds: Int = 120, refusalCount: Int = 20) {
        self.staleSyncHours = staleSyncHours
        self.journalFillPercent = journalFillPercent
        self.clockDriftSeconds = clockDriftSeconds
        self.refusalCount = refusalCount
    }
}

/// Why a terminal needs a technician: a stable code and the words for the page.
public struct FleetReason: Sendable, Equatable, Hashable, Codable {
    /// `not-synced`, `journal-fill`, `clock-drift`, `refusals`.
    public var code: String
    public var detail: String

    public init(code: String, detail: String) {
        self.code = code
        self.detail = detail
    }
}
