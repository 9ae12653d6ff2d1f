import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
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
    @Option(
        help: "The vpcd port of the first terminal's reader; each terminal takes two (another store can run beside one on the default).")
    var readerPort: UInt16 = StoreRun.defaultReaderPort
    @Option(help: "Stop the run, as one that could not run (status 2), if it has not ended after this many seconds.")
    var timeLimit: Int = 3600

    func run() async throws {
        var loaded: Scenario
        do {
            loaded = try Scenario.load(path: scenario)
        } catch {
            Self.fail("\(error)")
        }
        guard timeLimit > 0 else { Self.fail("--time-limit must be a number of seconds above 0") }
        if let seed { loaded.seed = seed }
        if let transactions {
            loaded.transactions = transactions
            if !loaded.problems.isEmpty { Self.fail(loaded.problems.joined(separator: "\n")) }
        }
        let folder = workDir ?? NSTemporaryDirectory() + "loyalty-store-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let interactive = isatty(STDERR_FILENO) == 1
        let run = StoreRun(scenario: loaded, folder: folder, databaseURL: database, firstReaderPort: readerPort) { line in
            let live = line.first == " " || line.first?.isNumber == true
            FileHandle.standardError.write(Data(((interactive && live) ? "\r\u{1B}[K" + line : line + "\n").utf8))
        }
        FileHandle.standardError.write(Data("store \(loaded.name), seed \(loaded.seed): work folder \(folder)\n".utf8))
        // One group: the run (a signal stops its processes) and its time limit; the run's end
        // ends the group.
        let service = StoreRunService(run: run, folder: folder)
        let watchdog = StoreWatchdog(limit: .seconds(timeLimit), clock: ContinuousClock()) { [timeLimit] in
            StoreRun.killEverything()
            Self.fail(
                "\nthe run did not end within \(timeLimit) s (--time-limit) and was stopped; its files stay in \(folder): "
                    + "each terminal's terminal.log says what it did last")
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: watchdog), .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "loyalty-sim.store")))
        try await group.run()
        let report: StoreReport
        switch service.outcome.withLock({ $0 }) {
        case .success(let done): report = done
        case .failure(let error): Self.fail("\nthe store could not run: \(error)")
        case nil: Self.fail("\nthe store run ended without a report")
        }
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: URL(fileURLWithPath: folder + "/report.json"))
        print(report.text)
        print(Self.whereToLook(folder: folder, database: report.database))
        if !report.passed { throw ExitCode(1) }
    }

    /// What to open after a run, with the commands as they can be typed.
    static func whereToLook(folder: String, database: String) -> String {
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
        var lines = [
            "", "Where to look next:",
            "  the report (JSON)    \(folder)/report.json",
            "  each terminal        \(folder)/terminal-N/: terminal.log, and its journal:",
            "                       \(bin)/loyalty-terminal journal inspect --path \(folder)/terminal-1/terminal.journal",
            "  the back office log  \(folder)/backoffice/backoffice.log",
        ]
        if database.hasPrefix("sqlite:") {
            lines += [
                "  open the back office \(bin)/loyalty-backoffice serve --database \(database) --port 8090",
                "  and its console      https://127.0.0.1:8090/console as \(StoreBackOffice.consoleUser), password in \(StoreBackOffice.consolePasswordPath(folder: folder + "/backoffice"))",
                "  and pull its ledger  \(bin)/loyalty-backoffice pull --url https://127.0.0.1:8090 --database \(database) --token-file \(folder)/backoffice/auditor.token --format csv",
                "  retention figures    \(bin)/loyalty-backoffice report retention --from YYYY-MM-DD --to YYYY-MM-DD --database \(database)",
                "  copied cards         \(bin)/loyalty-backoffice report cards --database \(database)",
            ]
        } else {
            lines.append("  the ledger           \(database)")
        }
        return lines.joined(separator: "\n")
    }

    /// The store cannot run: says why and exits with status 2.
    static func fail(_ reason: String) -> Never {
        FileHandle.standardError.write(Data("loyalty-sim store: \(reason)\n".utf8))
        Foundation.exit(2)
    }
}
