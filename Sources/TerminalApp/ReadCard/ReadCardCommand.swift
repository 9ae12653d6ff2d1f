import ArgumentParser
import CardProfile
import Foundation
import Logging
import MemberCard
import PCSC

/// `loyalty-terminal read-card`: waits for a tap, reads and verifies the member card.
struct ReadCardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-card",
        abstract: "Wait for a card, read and verify it (member card profile), and print what was verified.",
        discussion: "Exits with status 1 when no card comes in time, and 2 when the card is refused."
    )

    @Option(help: "The issuer file (JSON with programmeID and publicKey; the private key is not needed).")
    var issuer: String

    @Option(help: "The reader (default: the first one listed).")
    var reader: String?

    @Option(help: "Seconds to wait for a card.")
    var timeout: Double = 30

    @Option(help: "Today's date, YYYY-MM-DD (default: the system's UTC date).")
    var today: String?

    @Option(help: "A blocked member id (repeatable).")
    var block: [String] = []

    @Flag(help: "Accept cards of the test class (test issuers).")
    var acceptTestCards = false

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        let file = try IssuerFile.load(issuer)
        let policy = TrustPolicy(
            issuerKey: try file.issuerPublicKey(), programmeID: file.programmeID,
            blockedMembers: Set(block), acceptTestCards: acceptTestCards)
        let date = try today.map(Self.parseDate) ?? Self.utcToday()
        let context = try PCSCContext()
        defer { context.release() }
        let readerName: String
        if let reader {
            readerName = reader
        } else {
            guard let first = try await context.readers().first else { throw TerminalFailure("no card reader found") }
            readerName = first
        }
        do {
            _ = try await context.waitForCard(in: readerName, timeout: .milliseconds(Int(timeout * 1000)))
        } catch {
            throw TerminalFailure("no card on \(readerName) within \(timeout) s (\(error))")
        }
        let connection = try await context.connect(to: readerName)
        let reading = await MemberCardTerminal(policy: policy, logger: Logger(label: "loyalty-terminal.read-card"))
            .read(over: connection, today: date)
        try? await connection.disconnect()
        let report = ReadCardReport(reader: readerName, reading: reading)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("\(report.trust) \(report.memberID ?? report.uid ?? "-") (\(report.apdus) APDUs)")
            for step in report.steps { print("  \(step.passed ? "ok  " : "FAIL") \(step.step): \(step.detail)") }
            if let state = report.state { print("  state: balance \(state.balance), tier \(state.tier), counter \(state.counter)") }
        }
        if reading.trust == .none { throw ExitCode(2) }
    }

    static func parseDate(_ text: String) throws -> CalendarDate {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = UInt16(parts[0]), let m = UInt8(parts[1]), let d = UInt8(parts[2]) else {
            throw ValidationError("--today is YYYY-MM-DD (got '\(text)')")
        }
        return try CalendarDate(year: y, month: m, day: d)
    }

    static func utcToday() throws -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return try CalendarDate(year: UInt16(parts.year!), month: UInt8(parts.month!), day: UInt8(parts.day!))
    }
}
