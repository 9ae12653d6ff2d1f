import ArgumentParser

/// The root of `loyalty-backoffice`: the server and the back office's commands.
public struct LoyaltyBackOfficeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "loyalty-backoffice",
        abstract: "The loyalty back office: ingests terminal journals, serves pulls and downloads.",
        version: "0.1.0",
        subcommands: [
            ServeCommand.self, PullCommand.self, TerminalCommand.self, UserCommand.self, PublishCommand.self,
            ReportCommand.self, AlarmsCommand.self, MigrateCommand.self, CardCommand.self, ManagerCommand.self, AuditCommand.self,
            NPSCommand.self, MemberCommand.self,
        ]
    )

    public init() {}
}
