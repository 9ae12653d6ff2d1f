import ArgumentParser
import BackOfficeReports
import BackOfficeStorage
import Foundation

/// `loyalty-backoffice nps import`: survey answers from the shop's survey tool.
struct NPSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nps", abstract: "Net Promoter Score answers from the shops' survey tools.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a store's survey answers (CSV with a header date,score,comment, or JSON lines).",
            discussion: """
                Every row is checked first: a date YYYY-MM-DD, a score 0 to 10, a comment of at most 500 characters. \
                Bad rows are listed with their line numbers and nothing is imported, unless --skip-bad (then the good \
                rows are). Importing the same file again imports nothing twice. 'report nps' shows the score.
                """)
        @Option(help: "The file the survey tool exported.") var file: String
        @Option(help: "The store the answers are about.") var store: String
        @Option(help: "The shops' local time, minutes east of UTC (the answers' dates are local days).") var utcOffsetMinutes = 0
        @Flag(help: "Import the good rows even when some are bad.") var skipBad = false
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw BackOfficeFailure("\(file) cannot be read as UTF-8 text: \(error.localizedDescription)")
            }
            let parsed = SurveyFile(text: text)
            for row in parsed.bad { FileHandle.standardError.write(Data("\(file): \(row)\n".utf8)) }
            if !parsed.bad.isEmpty && !skipBad {
                throw BackOfficeFailure("\(parsed.bad.count) bad rows in \(file): nothing imported (--skip-bad imports the good ones)")
            }
            let answers = parsed.imported(store: store, utcOffsetMinutes: utcOffsetMinutes)
            let summary = try await withStore(database) { ledger in
                let stored = try await ledger.importSurveys(answers)
                let summary = SurveyImportSummary(
                    file: file, store: store, rows: parsed.answers.count + parsed.bad.count, imported: stored,
                    alreadyImported: answers.count - stored, skipped: parsed.bad.count)
                try await recordSurveyImport(summary, store: ledger)
                return summary
            }
            print(summary.description)
        }
    }
}

/// What one import of survey answers did, for its operator and the audit log.
struct SurveyImportSummary: Sendable, CustomStringConvertible {
    var file: String
    var store: String
    var rows: Int
    var imported: Int
    var alreadyImported: Int
    var skipped: Int

    var description: String {
        "\(imported) answers imported for store \(store.isEmpty ? "(no store)" : store) from \(file) (\(rows) rows; "
            + "\(alreadyImported) imported before, \(skipped) bad rows skipped)"
    }
}

/// Records an import of survey answers in the audit log: who imported which file for which
/// store, and how many answers it added.
func recordSurveyImport(_ summary: SurveyImportSummary, store: any LedgerStore) async throws {
    try await AuditTrail.record(
        "nps.import", subject: "store \(summary.store.isEmpty ? "(no store)" : summary.store)",
        detail: [
            "file": summary.file, "rows": String(summary.rows), "imported": String(summary.imported),
            "alreadyImported": String(summary.alreadyImported), "skipped": String(summary.skipped),
        ], store: store)
}
