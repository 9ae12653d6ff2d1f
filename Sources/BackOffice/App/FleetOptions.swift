import ArgumentParser
import BackOfficeReports
import Foundation

/// `serve`'s fleet settings: when a terminal needs a technician, how often that is checked, and
/// where new alarms are pushed.
struct FleetOptions: ParsableArguments {
    @Option(help: "A terminal not synced for longer than this many hours needs a technician.") var staleSyncHours = 24
    @Option(help: "A terminal whose journal is fuller than this percentage (records waiting for sync) needs a technician.")
    var journalFillAlarmPercent: Double = 80
    @Option(help: "A terminal whose clock is further than this many seconds from the server's needs a technician.")
    var clockDriftAlarmSeconds = 120
    @Option(help: "A terminal reporting more refusals than this in one status report needs a technician.") var refusalAlarmCount = 20
    @Option(help: "Seconds between two runs of the fleet check, which raises those conditions as alarms (0: never).")
    var fleetCheckSeconds = 300
    @Option(help: "POST every new alarm as JSON to this http:// or https:// URL (retried, never holding up a request).")
    var alarmWebhook: String?

    var thresholds: FleetThresholds {
        FleetThresholds(
            staleSyncHours: staleSyncHours, journalFillPercent: journalFillAlarmPercent, clockDriftSeconds: clockDriftAlarmSeconds,
            refusalCount: refusalAlarmCount)
    }

    func validate() throws {
        guard (1...87_600).contains(staleSyncHours) else { throw ValidationError("--stale-sync-hours must be 1...87600") }
        guard (1...100).contains(journalFillAlarmPercent) else { throw ValidationError("--journal-fill-alarm-percent must be 1...100") }
        guard (1...86_400).contains(clockDriftAlarmSeconds) else { throw ValidationError("--clock-drift-alarm-seconds must be 1...86400") }
        guard (0...1_000_000).contains(refusalAlarmCount) else { throw ValidationError("--refusal-alarm-count must be 0...1000000") }
        guard (0...86_400).contains(fleetCheckSeconds) else { throw ValidationError("--fleet-check-seconds must be 0...86400") }
        if let alarmWebhook {
            guard let url = URL(string: alarmWebhook), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw ValidationError("--alarm-webhook must be an http:// or https:// URL with a host")
            }
        }
    }
}
