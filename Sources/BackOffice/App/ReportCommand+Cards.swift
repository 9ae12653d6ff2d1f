import ArgumentParser
import BackOfficeReports
import Foundation

extension ReportCommand {
    /// `loyalty-backoffice report cards`: the card chain check (copied and rolled-back cards).
    struct Cards: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cards whose states fork in the synced journals: copied or rolled back, or not yet settled.",
            discussion: """
                Reads every synced transaction and prints one line per anomaly: copied-or-rolled-back (two confirmed \
                branches continue one card state: block the member with publish block-list and reissue the card), \
                unsettled (an in-doubt transaction may still be voided), voided-but-on-card (a terminal voided a \
                transaction that reached the card: its points are missing from the ledger) or unresolved (a \
                transaction its terminal could not settle, still not settled by the synced journals after \
                --unresolved-after hours). The last two are also raised as alarms, once each. docs/backoffice.md, \
                "Copied and rolled-back cards". The exit status is 0 even with anomalies unless --fail-on-anomaly is \
                given. Progress goes to standard error.
                """)
        @Option(help: "text or json.") var format: Retention.OutputFormat = .text
        @Option(help: "Hours after which a transaction left unresolved and still unsettled is reported.")
        var unresolvedAfter: Int = 24
        @Flag(help: "Exit with status 3 when a copied or rolled-back card is found (unsettled forks do not count).")
        var failOnAnomaly = false
        @Flag(help: "No progress on standard error.") var quiet = false
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (0...87_600).contains(unresolvedAfter) else { throw ValidationError("--unresolved-after must be 0 ... 87600 hours") }
        }

        func run() async throws {
            let progress = ProgressLine(quiet: quiet)
            let report = try await withStore(database) { store in
                try await CardChainReporter.check(store: store, at: nowMilliseconds(), unresolvedLimit: Int64(unresolvedAfter) * 3600) {
                    read in
                    progress.show("\(read) transactions read")
                }.report
            }
            progress.finish()
            try format.show(report, text: report.text)
            if failOnAnomaly, !report.anomalies(.copiedOrRolledBack).isEmpty { throw ExitCode(3) }
        }
    }
}
