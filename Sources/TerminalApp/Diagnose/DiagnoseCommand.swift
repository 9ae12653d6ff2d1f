import ArgumentParser
import Logging

/// `loyalty-terminal diagnose --config FILE [--json]`: the field technician's check of the
/// whole terminal, each item passed, warned or failed with the fix to try. Read-only.
struct DiagnoseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Check the terminal: pcscd, readers, a test read, journal, programme, identity, POS API, back office and clock.",
        discussion: """
            Nothing is written: the journal is opened read-only, a card on the reader is only read, the back office \
            is only asked the time. Exits with status 1 when a check failed (warnings do not change the status).
            """
    )

    @Option(help: "The configuration file.")
    var config: String = TerminalConfiguration.defaultPath

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        var logger = Logger(label: "loyalty-terminal.diagnose")
        logger.logLevel = .error
        let report = await Diagnosis.run(configurationPath: config, logger: logger)
        print(json ? JournalCLI.json(report) : report.table)
        if !report.ok { throw ExitCode(1) }
    }
}
