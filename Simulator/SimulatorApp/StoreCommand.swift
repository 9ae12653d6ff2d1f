import ArgumentParser
import Foundation
import StoreSimulation

/// `loyalty-sim store --scenario FILE`: runs a whole store and checks it (docs/scenarios.md).
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Run a whole store for real (back office, terminals, cards, traffic, faults) and check that nothing was lost.",
        discussion: """
            The scenario file is described in docs/scenarios.md (examples in scenarios/). Progress goes to standard \
            error; the report to standard output, and as JSON to report.json in the work folder. Exit status 0 when \
            every check passed, 1 when one failed, 2 when the store could not run.
            """)

    @Option(help: "The scenario file.") var scenario: String
    @Option(help: "Use this seed instead of the scenario's.") var seed: UInt64?
    @Option(help: "Where the run keeps its journals, logs, database and report (default: a new temporary folder).")
    var workDir: String?
    @Option(help: "A postgres:// URL for the back office instead of the scenario's choice.") var database: String?
    @Option(help: "Make this many requests instead of the scenario's number.") var transactions: Int?

    func run() async throws {
        var loaded: Scenario
        do {
            loaded = try Scenario.load(path: scenario)
        } catch {
            Self.fail("\(error)")
        }
        if let seed { loaded.seed = seed }
        if let transactions {
            loaded.transactions = transactions
            if !loaded.problems.isEmpty { Self.fail(loaded.problems.joined(separator: "\n")) }
        }
        let folder = workDir ?? NSTemporaryDirectory() + "loyalty-store-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let interactive = isatty(STDERR_FILENO) == 1
        let run = StoreRun(scenario: loaded, folder: folder, databaseURL: database) { line in
            let live = line.first == " " || line.first?.isNumber == true
            FileHandle.standardError.write(Data(((interactive && live) ? "\r\u{1B}[K" + line : line + "\n").utf8))
        }
        FileHandle.standardError.write(Data("store \(loaded.name), seed \(loaded.seed): work folder \(folder)\n".utf8))
        let report: StoreReport
        do {
            report = try await run.run()
        } catch {
            Self.fail("\nthe store could not run: \(error)")
        }
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: URL(fileURLWithPath: folder + "/report.json"))
        print(report.text)
        print("""

            Where to look next:
              report (JSON)      \(folder)/report.json
              terminals          \(folder)/terminal-N/ (terminal.log, terminal.journal: loyalty-terminal journal inspect --path ...)
              back office        \(folder)/backoffice/backoffice.log; the ledger: \(report.database)
                                 (loyalty-backoffice report retention|cards ... --database DATABASE)
              pull the journals  loyalty-backoffice pull --url URL --token-file \(folder)/backoffice/auditor.token --format csv
            """)
        if !report.passed { throw ExitCode(1) }
    }

    /// The store cannot run: says why and exits with status 2.
    static func fail(_ reason: String) -> Never {
        FileHandle.standardError.write(Data("loyalty-sim store: \(reason)\n".utf8))
        Foundation.exit(2)
    }
}
