import CardProfile
import MemberCard
import PCSC

/// The enrolment rounds of `tap-bench --enrol`: a fresh blank card each round, personalised
/// (SELECT, PERSONALISE, AUTHENTICATE, WRITE STATE) and timed apart from the sale tap after it.
struct EnrolmentRounds {
    private var times: [Duration] = []
    private var commands = 0
    private var apdus = 0

    /// Makes `image` a fresh blank card and resets the card, so the simulated card presented from
    /// that file reloads it; returns the new connection.
    static func freshBlankCard(_ image: String, after connection: CardConnection, reader: String) async throws -> CardConnection {
        try CardImageFile(path: image).write(CardImage.blank(uid: [0x08, 0x11, 0x22, 0x33]))
        try await connection.disconnect(.reset)
        return try await connection.context.connect(to: reader)
    }

    /// Personalises the blank card on `channel` as enrolment `number`; timed when `counted`.
    mutating func personalise(
        number: UInt32, terminal: MemberCardTerminal, credential: TerminalCredential, today: CalendarDate,
        over channel: any CardChannel, connection: CardConnection, counted: Bool
    ) async throws {
        let expires = try CalendarDate(year: today.year + 2, month: today.month, day: min(today.day, 28))
        let member = EnrolmentCredential.Member(number: number, issued: today, expires: expires, birthdayMonth: 1, birthdayDay: 1)
        let initial = PointsState(
            cardKeyID: [], counter: 0, terminalID: 0, terminalSequence: UInt64(number), balance: 0, tier: "bench",
            qualifyingSpend: 0, lastVisit: nil)
        let sentBefore = connection.transmitCount
        let clock = ContinuousClock()
        let start = clock.now
        let result = await terminal.personalise(member, initialState: initial, credential: credential, today: today, over: channel)
        let elapsed = clock.now - start
        guard result.outcome == .complete else {
            throw TerminalFailure("enrolment \(number): \(result.outcome.rawValue), \(result.refusal.map { "\($0)" } ?? "?")")
        }
        commands = result.commands
        apdus = connection.transmitCount - sentBefore
        if counted { times.append(elapsed) }
    }

    /// The figures over the counted rounds.
    var result: EnrolmentBenchResult {
        EnrolmentBenchResult(
            commandsPerEnrolment: commands, apdusPerEnrolment: apdus,
            medianMicroseconds: TapBenchCommand.micros(TapBenchCommand.percentile(times, 0.5)),
            p99Microseconds: TapBenchCommand.micros(TapBenchCommand.percentile(times, 0.99)))
    }
}

/// What `tap-bench --enrol` adds to its JSON: the personalisation of a blank card.
struct EnrolmentBenchResult: Encodable {
    /// The profile's commands per enrolment (SELECT, PERSONALISE, AUTHENTICATE, WRITE STATE).
    var commandsPerEnrolment: Int
    /// The APDUs that crossed `SCardTransmit` per enrolment.
    var apdusPerEnrolment: Int
    var medianMicroseconds: Double
    var p99Microseconds: Double
}
