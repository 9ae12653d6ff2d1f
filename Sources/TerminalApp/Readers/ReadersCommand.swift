import ArgumentParser
import Foundation
import PCSC

/// `loyalty-terminal readers`: what the terminal sees of its card readers.
struct ReadersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readers",
        abstract: "List the card readers pcscd knows, their profiles, and the card on each.",
        discussion: "Exits with status 1 when pcscd is not reachable or no reader is connected."
    )

    @Flag(help: "Print a JSON array (name, profile, cardPresent, atr, uid) instead of a table.")
    var json = false

    @Option(help: "Folder of reader profiles (default: hardware/readers and the usual places).")
    var profiles: String?

    func run() async throws {
        let catalog = try ReaderProfileCatalog.locate(explicit: profiles)
        let reports: [ReaderReport]
        do {
            reports = try await ReaderSurvey.run(catalog: catalog)
        } catch let error as SCardError where error.meansServiceLost {
            throw TerminalFailure(
                "pcscd is not running (\(error.cName)). Start it with 'scripts/pcscd.sh start' or 'systemctl start pcscd'.")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        } else {
            print(ReaderTable.render(reports))
        }
        if reports.isEmpty {
            throw TerminalFailure("no card reader found: plug one in, or start pcscd with the vpcd driver for a virtual reader.")
        }
    }
}

/// The readable table of `loyalty-terminal readers`.
enum ReaderTable {
    static func render(_ reports: [ReaderReport]) -> String {
        guard !reports.isEmpty else { return "No readers." }
        let header = ["READER", "PROFILE", "CARD", "ATR", "UID"]
        let rows = reports.map { report in
            [
                report.name, report.profile, report.cardPresent ? "yes" : "no", report.atr ?? "-",
                report.uid ?? (report.uidError.map { "(\($0))" } ?? "-"),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
