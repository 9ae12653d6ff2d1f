import ArgumentParser

/// The root of `loyalty-terminal`: the device process and the field technician's commands.
///
/// The executable target only calls ``main()``; tests run the built binary the same way a
/// technician does.
public struct LoyaltyTerminalCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "loyalty-terminal",
        abstract: "The loyalty-card terminal: card reader, journal and field-technician tools.",
        version: "0.1.0",
        subcommands: [
            ReadersCommand.self,
            JournalCommand.self,
            ReadCardCommand.self,
            TapBenchCommand.self,
            RunCommand.self,
            DiagnoseCommand.self,
        ]
    )

    public init() {}
}
