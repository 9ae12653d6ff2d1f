import CardProfile
import Logging
import MemberCard
import PCSC
import Synchronization
import Testing
import VirtualCard

/// Personalising a blank card at the terminal, in memory: the card's side of PERSONALISE and the
/// terminal's flow, with what each refusal leaves on the card.
@Suite("Personalisation of blank cards, in memory")
struct PersonalisationTests {
    let logger = Logger(label: "test.personalisation")

    func personalise(
        _ fixture: EnrolmentFixture, number: UInt32 = 1, credential: TerminalCredential? = nil, over channel: some CardChannel
    ) async -> Personalisation {
        await MemberCardTerminal(policy: fixture.policy, logger: logger).personalise(
            EnrolmentFixture.member(number), initialState: EnrolmentFixture.initialState, credential: credential ?? fixture.enrolling,
            today: EnrolmentFixture.today, over: channel)
    }

    @Test("a blank card is personalised in 4 APDUs and starts with a signed empty state that another terminal accepts")
    func blankToComplete() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let channel = InMemoryChannel(card: try fixture.card())
        let result = await personalise(fixture, number: 3, over: channel)
        #expect(result.outcome == .complete, "\(result.refusal.map { "\($0)" } ?? "")")
        #expect(result.commands == 4)
        #expect(result.sentPersonalise && result.wroteState)
        #expect(result.reading.isVerified)
        #expect(
            result.reading.steps.map(\.name) == [
                .select, .issuerSignature, .enrolment, .validity, .blockList, .personalise, .authentication, .stateBinding, .writeState,
            ])
        let image = try fixture.storedImage()
        #expect(image.record?.record.memberID == "E7-3")
        #expect(image.record?.record.cardPublicKey == (try fixture.blank.publicKey()))
        #expect(image.envelope != nil && image.stateCounter == 1)

        let reader = MemberCardTerminal(policy: fixture.policy, logger: logger)
        let saleChannel = InMemoryChannel(card: try fixture.card())
        var sale = await reader.read(over: saleChannel, today: EnrolmentFixture.today)
        #expect(sale.isVerified, "\(sale.refusal.map { "\($0)" } ?? "")")
        #expect(sale.state?.balance == 0)
        #expect(sale.state?.terminalID == 7)
        var state = EnrolmentFixture.initialState
        state.balance = 120
        #expect(await reader.write(state, after: &sale, credential: fixture.other, over: saleChannel) == nil)
    }

    @Test("through a reader that carries short APDUs only, PERSONALISE goes in chained pieces")
    func shortAPDUs() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let card = try fixture.card()
        let counting = CountingChannel(base: InMemoryChannel(card: card))
        let result = await personalise(fixture, over: ShortAPDUChannel(counting))
        #expect(result.outcome == .complete, "\(result.refusal.map { "\($0)" } ?? "")")
        #expect(result.commands == 4)
        #expect(counting.count > 4, "chained pieces: \(counting.count)")
        #expect(counting.largest <= 5 + 255 + 1, "every APDU short")
    }

    @Test("PERSONALISE on a personalised card is refused with 6985 and changes nothing; a record for another key with 6A80")
    func cardRefusals() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let channel = InMemoryChannel(card: try fixture.card())
        let select = try CommandAPDU(cla: 0, ins: 0xA4, p1: 4, p2: 0, data: MemberCardProfile.aid, expectedLength: 65_536)

        // Before SELECT: not allowed. A record for another card's key: wrong data.
        let record = fixture.enrolment.signRecord(for: EnrolmentFixture.member(1), cardPublicKey: try fixture.blank.publicKey())
        let early = try await channel.transmit(try CommandAPDU(cla: 0x80, ins: 0xE0, p1: 0, p2: 0, data: record.tlv.encoded))
        #expect(early.status.rawValue == 0x6985)
        _ = try await channel.transmit(select)
        let foreign = fixture.enrolment.signRecord(
            for: EnrolmentFixture.member(1), cardPublicKey: try CardImage.blank(uid: [1, 2, 3, 4]).publicKey())
        #expect(
            try await channel.transmit(try CommandAPDU(cla: 0x80, ins: 0xE0, p1: 0, p2: 0, data: foreign.tlv.encoded)).status.rawValue
                == 0x6A80)
        #expect(
            try await channel.transmit(try CommandAPDU(cla: 0x80, ins: 0xE0, p1: 0, p2: 0, data: [0xE1, 0x01, 0x00])).status.rawValue
                == 0x6A80)
        // AUTHENTICATE on a blank card: not allowed.
        let authenticate = try CommandAPDU(cla: 0x80, ins: 0x88, p1: 0, p2: 0, data: Array(repeating: 1, count: 16), expectedLength: 256)
        #expect(try await channel.transmit(authenticate).status.rawValue == 0x6985)
        #expect(try fixture.storedImage().isBlank)

        let first = try await channel.transmit(try CommandAPDU(cla: 0x80, ins: 0xE0, p1: 0, p2: 0, data: record.tlv.encoded))
        #expect(first.status == .success)
        let stored = try fixture.storedImage()
        let second = fixture.enrolment.signRecord(for: EnrolmentFixture.member(2), cardPublicKey: try fixture.blank.publicKey())
        _ = try await channel.transmit(select)
        let again = try await channel.transmit(try CommandAPDU(cla: 0x80, ins: 0xE0, p1: 0, p2: 0, data: second.tlv.encoded))
        #expect(again.status.rawValue == 0x6985, "already personalised")
        #expect(try fixture.storedImage() == stored)
    }

    @Test("the terminal refuses another member's card, and signs no record its certificate does not allow")
    func terminalRefusals() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let over = await personalise(fixture, number: 101, over: InMemoryChannel(card: try fixture.card()))
        #expect(over.outcome == .blank)
        #expect(over.refusal?.code == "enrolment-not-certified")
        #expect(!over.sentPersonalise && over.commands == 1)
        #expect(try fixture.storedImage().isBlank)

        let without = await personalise(fixture, credential: fixture.other, over: InMemoryChannel(card: try fixture.card()))
        #expect(without.outcome == .notWritten && without.commands == 0)
        #expect(without.refusal?.code == "enrolment-not-certified")

        var revoked = fixture.policy
        revoked.revokedTerminals = [7]
        let stolen = await MemberCardTerminal(policy: revoked, logger: logger).personalise(
            EnrolmentFixture.member(5), initialState: EnrolmentFixture.initialState, credential: fixture.enrolling,
            today: EnrolmentFixture.today, over: InMemoryChannel(card: try fixture.card()))
        #expect(stolen.refusal?.code == "revoked-enrolment")
        #expect(try fixture.storedImage().isBlank)

        #expect(await personalise(fixture, number: 8, over: InMemoryChannel(card: try fixture.card())).outcome == .complete)
        let taken = await personalise(fixture, number: 9, over: InMemoryChannel(card: try fixture.card()))
        #expect(taken.outcome == .notWritten)
        #expect(taken.refusal == .alreadyPersonalised(memberID: "E7-8"))
        #expect(try fixture.storedImage().record?.record.memberID == "E7-8")
    }

    @Test("a second attempt on a complete card changes nothing: SELECT and AUTHENTICATE, no write")
    func secondAttemptOnComplete() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let channel = InMemoryChannel(card: try fixture.card())
        #expect(await personalise(fixture, number: 4, over: channel).outcome == .complete)
        let envelope = try fixture.storedImage().envelope
        let again = await personalise(fixture, number: 4, over: channel)
        #expect(again.outcome == .complete)
        #expect(!again.sentPersonalise && !again.wroteState)
        #expect(again.commands == 2)
        #expect(try fixture.storedImage().envelope == envelope)
    }
}

/// Counts the APDUs that reach the card and the longest one.
final class CountingChannel: CardChannel, Sendable {
    let base: any CardChannel
    private let sent = Mutex<[Int]>([])

    init(base: any CardChannel) { self.base = base }

    var count: Int { sent.withLock { $0.count } }
    var largest: Int { sent.withLock { $0.max() ?? 0 } }

    func transmit(_ command: CommandAPDU) async throws -> ResponseAPDU {
        sent.withLock { $0.append(command.bytes.count) }
        return try await base.transmit(command)
    }
}
