import ArgumentParser
import CardProfile
import Foundation
import Logging
import MemberCard
import PCSC

/// `loyalty-terminal tap-bench`: the time of a full member-card tap (SELECT to state written)
/// beside the floor of the same number of raw APDU round trips, measured in alternating rounds,
/// with extended APDUs or with short ones (command chaining and GET RESPONSE, as for a reader
/// that carries no extended lengths).
struct TapBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tap-bench",
        abstract: "Time full member-card taps against the same number of raw APDU round trips (JSON).",
        discussion: """
            Present a member card first (loyalty-sim member-card). Every tap writes a new state on it. \
            --apdu short sends what a reader without extended APDUs needs (present the card with \
            loyalty-sim member-card --short-apdus-only to have the reader refuse extended ones). \
            --enrol --image card.img: each round first makes card.img a fresh blank card (the simulated \
            card presented from that file reloads it at the reset that follows) and personalises it, \
            timed apart; the credential needs an enrolment key (loyalty-sim issuer enrol-terminal --enrol-members).
            """
    )

    /// How the tap's commands go out.
    enum APDUMode: String, ExpressibleByArgument, CaseIterable, Sendable {
        /// Extended lengths: one APDU per command of the profile.
        case extended
        /// Short APDUs only: command chaining and GET RESPONSE.
        case short
    }

    @Option(help: "The issuer file.") var issuer: String
    @Option(help: "The terminal credential (loyalty-sim issuer enrol-terminal).") var credential: String
    @Option(help: "The reader (default: the first one listed).") var reader: String?
    @Option(help: "Rounds (one tap and one floor measurement each).") var rounds = 200
    @Option(help: "Today's date, YYYY-MM-DD.") var today: String = "2026-11-23"
    @Option(help: "extended (one APDU per command) or short (chaining and GET RESPONSE).") var apdu: APDUMode = .extended
    @Flag(help: "After each tap, drive the reader's LED and buzzer with its profile's success pattern, as the checkout does.")
    var feedback = false
    @Option(help: "The reader profiles folder (default: as loyalty-terminal run finds it).") var profiles: String?
    @Flag(help: "Personalise a fresh blank card each round (with --image) before its tap, and time the enrolment too.")
    var enrol = false
    @Option(help: "With --enrol: the image file of the simulated card on the reader, made blank anew each round.") var image: String?

    func validate() throws {
        guard enrol == (image != nil) else { throw ValidationError("--enrol and --image go together") }
    }

    func run() async throws {
        let file = try IssuerFile.load(issuer)
        let terminal = MemberCardTerminal(
            policy: TrustPolicy(issuerKey: try file.issuerPublicKey(), programmeID: file.programmeID, acceptTestCards: file.test),
            logger: Logger(label: "loyalty-terminal.tap-bench"))
        let credential = try TerminalCredentialFile.load(self.credential).credential()
        let date = try ReadCardCommand.parseDate(today)
        let context = try PCSCContext()
        defer { context.release() }
        let name: String
        if let reader {
            name = reader
        } else {
            guard let first = try await context.readers().first else { throw TerminalFailure("no card reader found") }
            name = first
        }
        _ = try await context.waitForCard(in: name, timeout: .seconds(10))
        var connection = try await context.connect(to: name)
        var channel: any CardChannel = apdu == .short ? ShortAPDUChannel(connection) : connection
        var enrolments = EnrolmentRounds()
        let signal =
            feedback ? try ReaderProfileCatalog.locate(explicit: profiles).profile(forReader: name).feedback?.success?.readerCommand : nil
        if feedback, signal == nil { throw TerminalFailure("the profile of \(name) has no success feedback") }
        let clock = ContinuousClock()
        var taps: [Duration] = []
        var floors: [Duration] = []
        var commands = 0
        var apdus = 0
        // A command the card refuses at once (AUTHENTICATE without its challenge: 6700).
        let trivial: [UInt8] = [0x80, 0x88, 0x00, 0x00]
        for round in 0..<(rounds + 5) {
            if let image {
                connection = try await EnrolmentRounds.freshBlankCard(image, after: connection, reader: name)
                channel = apdu == .short ? ShortAPDUChannel(connection) : connection
                try await enrolments.personalise(
                    number: UInt32(round + 1), terminal: terminal, credential: credential, today: date, over: channel,
                    connection: connection, counted: round >= 5)
            }
            let sentBefore = connection.transmitCount
            let start = clock.now
            var reading = await terminal.read(over: channel, today: date)
            guard reading.isVerified else { throw TerminalFailure("tap refused: \(reading.refusal.map { "\($0)" } ?? "?")") }
            let state = PointsState(
                cardKeyID: [], counter: 0, terminalID: 0, terminalSequence: UInt64(round + 1),
                balance: Int64(round), tier: "bench", qualifyingSpend: 0, lastVisit: date,
                engineState: Array(repeating: 0x5A, count: 300))
            if let refusal = await terminal.write(state, after: &reading, credential: credential, over: channel) {
                throw TerminalFailure("write refused: \(refusal)")
            }
            switch signal {
            case .apdu(let command): _ = try await connection.transmit(command)
            case .escape(let code, let bytes): _ = try await connection.control(code, bytes)
            case nil: break
            }
            let tap = clock.now - start
            commands = reading.commands
            apdus = connection.transmitCount - sentBefore
            let floorStart = clock.now
            for _ in 0..<apdus { _ = try await connection.transmit(raw: trivial) }
            let floor = clock.now - floorStart
            if round >= 5 {  // warm-up rounds are not counted
                taps.append(tap)
                floors.append(floor)
            }
        }
        try? await connection.disconnect()
        let tapMedian = Self.percentile(taps, 0.5)
        let floorMedian = Self.percentile(floors, 0.5)
        let result = TapBenchResult(
            apdu: apdu.rawValue, feedback: feedback, rounds: rounds, commandsPerTap: commands, apdusPerTap: apdus,
            tapMedianMicroseconds: Self.micros(tapMedian),
            tapP99Microseconds: Self.micros(Self.percentile(taps, 0.99)),
            floorMedianMicroseconds: Self.micros(floorMedian),
            floorP99Microseconds: Self.micros(Self.percentile(floors, 0.99)),
            tapOverFloorMedian: Self.micros(tapMedian) / max(Self.micros(floorMedian), 1),
            enrolment: enrol ? enrolments.result : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    static func percentile(_ values: [Duration], _ p: Double) -> Duration {
        guard !values.isEmpty else { return .zero }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }

    static func micros(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
    }
}

/// What `tap-bench` prints (JSON, keys sorted).
struct TapBenchResult: Encodable {
    /// `extended` or `short`.
    var apdu: String
    /// Whether each tap ended with the reader's success feedback (counted in the tap).
    var feedback: Bool
    var rounds: Int
    /// The profile's commands per tap (SELECT, AUTHENTICATE, WRITE STATE).
    var commandsPerTap: Int
    /// The APDUs that crossed `SCardTransmit` per tap (chained pieces and GET RESPONSE included).
    var apdusPerTap: Int
    var tapMedianMicroseconds: Double
    var tapP99Microseconds: Double
    var floorMedianMicroseconds: Double
    var floorP99Microseconds: Double
    var tapOverFloorMedian: Double
    /// With `--enrol`: the personalisation of a blank card before each tap.
    var enrolment: EnrolmentBenchResult?
}
