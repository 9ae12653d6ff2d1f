import BackOfficeStorage

/// Raises the fleet's "needs a technician" conditions as alarms, once per condition: `fleet-`
/// and the reason's code (`fleet-not-synced`, `fleet-journal-fill`, `fleet-clock-drift`,
/// `fleet-refusals`), with the terminal and the reason's words.
///
/// A condition is one alarm from when it starts until it clears: not synced since a given last
/// sync; the journal fill or clock drift from the first report showing it (remembered while the
/// check runs: after a restart a condition still there is raised once more); too many refusals
/// in one report. The alarm's `sequence` holds that start (ms), so ``AlarmStore/raiseOnce(_:)``
/// keeps repeats out.
public actor FleetCheck {
    let store: any LedgerStore
    let thresholds: FleetThresholds
    /// Where a fill or drift condition started, by "code terminal".
    private var started: [String: Int64] = [:]

    public init(store: any LedgerStore, thresholds: FleetThresholds) {
        self.store = store
        self.thresholds = thresholds
    }

    /// Reads the fleet at `now` and raises what is new; answers the report and the alarms raised.
    public func run(at now: Int64) async throws -> (report: FleetReport, raised: [Alarm]) {
        let report = try await FleetReport.read(store: store, at: now, thresholds: thresholds)
        var raised: [Alarm] = []
        var active = Set<String>()
        for terminal in report.terminals {
            for reason in terminal.reasons {
                let key = "\(reason.code) \(terminal.id)"
                active.insert(key)
                let start: Int64
                switch reason.code {
                case "not-synced": start = terminal.lastSync ?? 0
                case "refusals": start = terminal.reportedAt ?? now
                default:
                    start = started[key] ?? terminal.reportedAt ?? now
                    started[key] = start
                }
                let alarm = Alarm(
                    at: now, kind: "fleet-\(reason.code)", terminal: terminal.id, sequence: UInt64(max(0, start)),
                    detail: "terminal \(terminal.id) (\(terminal.store)) needs a technician: \(reason.detail)")
                if try await store.raiseOnce(alarm) { raised.append(alarm) }
            }
        }
        started = started.filter { active.contains($0.key) }
        return (report, raised)
    }
}
