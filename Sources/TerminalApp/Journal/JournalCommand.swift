import ArgumentParser

/// `loyalty-terminal journal ...`: create, inspect, verify, export and stress the journal.
struct JournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Create, inspect, verify and export the transaction journal.",
        subcommands: [
            JournalCreateCommand.self,
            JournalInspectCommand.self,
            JournalVerifyCommand.self,
            JournalExportCommand.self,
            JournalStressCommand.self,
        ]
    )
}
