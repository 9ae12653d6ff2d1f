import ArgumentParser
import BackOfficeReports
import Foundation

/// `loyalty-backoffice terminal fleet`: every terminal with its last sync, lag, unsynced records,
/// journal fill, clock drift and documents; those needing a technician first, with why.
struct FleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Every terminal's sync, journal, clock and documents; those needing a technician first, with why.",
        discussion: """
            The thresholds are serve's (--stale-sync-hours, --journal-fill-alarm-percent, --clock-drift-alarm-seconds, \
            --refusal-alarm-count). Text by default; --format json prints the report (docs/backoffice.md, "The fleet").
            """)
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }
    @Option(help: "text or json.") var format: Format = .text
    @Option(help: "Hours without sync after which a terminal needs a technician.") var staleSyncHours = 24
    @Option(help: "Journal fill (percent) above which a terminal needs a technician.") var journalFillAlarmPercent: Double = 80
    @Option(help: "Clock drift (seconds) above which a terminal needs a technician.") var clockDriftAlarmSeconds = 120
    @Option(help: "Refusals in one report above which a terminal needs a technician.") var refusalAlarmCount = 20
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let thresholds = FleetThresholds(
            staleSyncHours: staleSyncHours, journalFillPercent: journalFillAlarmPercent, clockDriftSeconds: clockDriftAlarmSeconds,
            refusalCount: refusalAlarmCount)
        let report = try await withStore(database) { store in
            try await FleetReport.read(store: store, at: nowMilliseconds(), thresholds: thresholds)
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        case .text:
            print(Self.text(report), terminator: "")
        }
    }

    static func text(_ report: FleetReport) -> String {
        var text = "\(report.terminals.count) terminals, \(report.needingTechnician.count) needing a technician\n"
        for terminal in report.terminals {
            let state = terminal.revoked ? "REVOKED" : terminal.needsTechnician ? "NEEDS A TECHNICIAN" : "ok"
            text +=
                "terminal \(terminal.id) \(terminal.store.isEmpty ? terminal.label : terminal.store + ", " + terminal.label): \(state)\n"
            let lastSync = terminal.lastSync.map { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double($0) / 1000)) }
            text += "  last sync \(lastSync ?? "never"), lag \(terminal.syncLagSeconds) s, stored through \(terminal.storedThrough)"
            if let unsynced = terminal.unsyncedTransactions { text += ", \(unsynced) unsynced" }
            if let fill = terminal.journalFillPercent { text += ", journal \(String(format: "%.1f", fill))% full" }
            if let drift = terminal.clockDriftSeconds { text += ", clock \(String(format: "%+.0f", drift)) s" }
            text += "\n"
            let stale = terminal.documents.filter { !$0.isCurrent }
            if !stale.isEmpty {
                text += "  documents behind: "
                text += stale.map { "\($0.kind) \($0.held.map(String.init) ?? "none") of \($0.published.map(String.init) ?? "none")" }
                    .joined(separator: ", ")
                text += "\n"
            }
            for reason in terminal.reasons { text += "  - \(reason.code): \(reason.detail)\n" }
        }
        return text
    }
}
