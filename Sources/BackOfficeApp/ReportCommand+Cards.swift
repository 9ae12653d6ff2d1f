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
                branches continue one card state: block the member with publish block-list and reissue the card) or \
                unsettled (an in-doubt transaction may still be voided). docs/backoffice.md, "Copied and rolled-back \
                cards". The exit status is 0 even with anomalies unless --fail-on-anomaly is given. Progress goes to \
                standard error.
                """)
        @Option(help: "text or json.") var format: Retention.OutputFormat = .text
        @Flag(help: "Exit with status 3 when a copied or rolled-back card is found (unsettled forks do not count).")
        var failOnAnomaly = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let report = try await withStore(database) { store in
                try await CardChainReporter.report(store: store) { read in
                    FileHandle.standardError.write(Data("\r\(read) transactions read".utf8))
                }
            }
            FileHandle.standardError.write(Data("\n".utf8))
            switch format {
            case .text:
                print(report.text)
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            }
            if failOnAnomaly, !report.anomalies(.copiedOrRolledBack).isEmpty { throw ExitCode(3) }
        }
    }
}
