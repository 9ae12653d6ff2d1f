import ArgumentParser
import BackOfficeReports
import BackOfficeStorage
import Foundation

/// `loyalty-backoffice report retention`: the retention figures of a period, from the synced
/// journals; `report cards`: the card chain check (``Cards``); `report approvals` (``Approvals``);
/// `report refunds`: over-refunded sales (``Refunds``).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Figures from the synced journals.",
        subcommands: [Retention.self, Cards.self, Approvals.self, Refunds.self, NPS.self])

    struct Retention: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retention, churn, repeat rate, purchase frequency, lifetime value, tier mix and outstanding points of a period.",
            discussion: """
                The period runs from --from to --to, both days included, against the period of the same length just \
                before it. Each figure's formula: docs/backoffice.md, "Retention figures". The figures come from the \
                overview projection, brought up to date first (its progress goes to standard error).
                """)
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Last day, YYYY-MM-DD (included).") var to: String
        @Option(help: "The shops' local time, minutes east of UTC (420 for Vietnam and Thailand, 480 for Malaysia).")
        var utcOffsetMinutes = 0
        @Option(help: "Only the transactions of this store's terminals (default: every store).") var store: String?
        @Option(help: "text or json.") var format: OutputFormat = .text
        @Flag(help: "No progress on standard error.") var quiet = false
        @OptionGroup var database: DatabaseOptions

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case text, json

            /// Prints `report`: its `text` (after `heading`, when given), or its JSON (keys sorted).
            func show(_ report: some Encodable, text: String, heading: String? = nil) throws {
                switch self {
                case .text:
                    if let heading { print(heading) }
                    print(text)
                case .json:
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    print(String(decoding: try encoder.encode(report), as: UTF8.self))
                }
            }
        }

        func run() async throws {
            let period: RetentionPeriod
            do {
                period = try RetentionPeriod(first: from, last: to, utcOffsetMinutes: utcOffsetMinutes)
            } catch {
                throw ValidationError("\(error)")
            }
            let progress = ProgressLine(quiet: quiet)
            let scope = OverviewScope(store: store)
            let (report, currency) = try await withStore(database) { ledger in
                try await OverviewProjection(store: ledger).catchUp(showing: progress)
                let report = try await OverviewReporter.report(period, scope: scope, store: ledger)
                return (report, try await programmeCurrency(store: ledger))
            }
            progress.finish()
            try format.show(
                report, text: report.text(currency: currency),
                heading:
                    "retention figures \(from) to \(to)\(store.map { " in store \($0.isEmpty ? "(no store)" : $0)" } ?? "") (UTC\(utcOffsetMinutes >= 0 ? "+" : "")\(utcOffsetMinutes) min), against the \(period.seconds / 86_400) days before"
            )
        }
    }
}

extension ReportCommand {
    /// `report nps`: the Net Promoter Score per store and month.
    struct NPS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "nps",
            abstract: "Net Promoter Score per store and month (% promoters, 9-10, minus % detractors, 0-6), with the number of answers.")
        @Option(help: "First day, YYYY-MM-DD (default: the beginning).") var from: String?
        @Option(help: "Last day, YYYY-MM-DD, included (default: everything since).") var to: String?
        @Option(help: "The shops' local time, minutes east of UTC.") var utcOffsetMinutes = 0
        @Option(help: "Only this store's answers (default: every store, and all together).") var store: String?
        @Option(help: "text or json.") var format: Retention.OutputFormat = .text
        @Flag(help: "No progress on standard error.") var quiet = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard (-840...840).contains(utcOffsetMinutes) else {
                throw ValidationError("a UTC offset is between -840 and 840 minutes, not \(utcOffsetMinutes)")
            }
            var bounds: (from: Int64, to: Int64) = (0, Int64(Int32.max) * 4)
            do {
                if let from { bounds.from = try RetentionPeriod(first: from, last: from, utcOffsetMinutes: utcOffsetMinutes).from }
                if let to { bounds.to = try RetentionPeriod(first: to, last: to, utcOffsetMinutes: utcOffsetMinutes).to }
            } catch {
                throw ValidationError("\(error)")
            }
            let progress = ProgressLine(quiet: quiet)
            let report = try await withStore(database) { ledger in
                try await OverviewProjection(store: ledger).catchUp(showing: progress)
                return try await NPSReporter.report(
                    from: bounds.from, to: bounds.to, utcOffsetMinutes: utcOffsetMinutes, scope: OverviewScope(store: store), store: ledger)
            }
            progress.finish()
            try format.show(report, text: report.text)
        }
    }

    /// `report approvals`: the till adjustments, reversals and approved operations.
    struct Approvals: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adjustments and reversals made at the tills, and every operation a manager approved: who asked, who approved, why.")
        @Option(help: "First day, YYYY-MM-DD (default: the beginning).") var from: String?
        @Option(help: "Last day, YYYY-MM-DD, included (default: today).") var to: String?
        @Option(help: "The shops' local time, minutes east of UTC.") var utcOffsetMinutes = 0
        @Option(help: "text or json.") var format: Retention.OutputFormat = .text
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var bounds: (from: Int64?, to: Int64?) = (nil, nil)
            do {
                if let from { bounds.from = try RetentionPeriod(first: from, last: from, utcOffsetMinutes: utcOffsetMinutes).from }
                if let to { bounds.to = try RetentionPeriod(first: to, last: to, utcOffsetMinutes: utcOffsetMinutes).to }
            } catch {
                throw ValidationError("\(error)")
            }
            let report = try await withStore(database) { try await ApprovalsReporter.report(from: bounds.from, to: bounds.to, store: $0) }
            try format.show(report, text: report.text)
        }
    }
}
