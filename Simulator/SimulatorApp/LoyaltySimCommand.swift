import ArgumentParser

/// The root of `loyalty-sim`: virtual cards and readers for field technicians and tests.
public struct LoyaltySimCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "loyalty-sim",
        abstract: "Simulated loyalty cards on a real pcscd (through the vsmartcard-vpcd reader driver), and whole simulated stores.",
        version: "0.1.0",
        subcommands: [CardCommand.self, MemberCardCommand.self, IssuerCommand.self, StoreCommand.self]
    )

    public init() {}
}
