import ArgumentParser
import Foundation
import Logging
import PCSC
import ServiceLifecycle
import VirtualCard

/// `loyalty-sim card`: keeps a simulated card on a virtual reader until stopped.
struct CardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Present a virtual contactless card on a vpcd reader until stopped (Ctrl-C).",
        discussion: """
            The card connects to the vsmartcard-vpcd driver inside pcscd (port 35963 is the \
            first virtual reader, 35964 the second). Start pcscd first (scripts/pcscd.sh start).
            """
    )

    @Option(help: "The card's UID in hex (4, 7 or 10 bytes), e.g. 04A1B2C3D4E5F6.")
    var uid: String

    @Option(help: "The vpcd driver's address.")
    var host: String = "127.0.0.1"

    @Option(help: "The vpcd driver's port: 35963 for the first virtual reader.")
    var port: UInt16 = VirtualCardHost.defaultPort

    @Option(help: "Remove the card after this many seconds (default: keep it until stopped).")
    var seconds: Double?

    @Flag(help: "Also answer the simulator's diagnostic commands (class 80), for driver tests.")
    var testInstructions = false

    @Flag(name: .customLong("short-apdus-only"), help: "Be a reader that carries short APDUs only: refuse extended-length ones with 6700.")
    var shortAPDUsOnly = false

    func validate() throws {
        guard let bytes = Hex.decode(uid), [4, 7, 10].contains(bytes.count) else {
            throw ValidationError("--uid must be 4, 7 or 10 bytes of hex, e.g. 04A1B2C3D4E5F6 (got '\(uid)')")
        }
        if let seconds, seconds <= 0 { throw ValidationError("--seconds must be positive") }
    }

    func run() async throws {
        var logger = Logger(label: "loyalty-sim.card")
        logger.logLevel = .info
        let card = UIDCard(uid: Hex.decode(uid)!, testInstructions: testInstructions)
        let virtualCard = VirtualCardHost(application: card, host: host, port: port, shortAPDUsOnly: shortAPDUsOnly, logger: logger)
        let presented = PresentedCard(
            host: virtualCard, seconds: seconds, clock: ContinuousClock(),
            onInserted: { [host, port] in Self.say("card \(Hex.encode(card.uid)) presented on vpcd \(host):\(port); Ctrl-C to remove it") },
            onRemoved: { Self.say("card removed") })
        try await PresentedCard.present(presented, logger: logger)
    }

    /// Prints a line at once, even when standard output is a pipe or a file.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
