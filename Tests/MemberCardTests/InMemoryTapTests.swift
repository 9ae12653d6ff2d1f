import CardProfile
import Logging
import MemberCard
import Testing
import VirtualCard

/// The protocol logic without `pcscd`: the terminal talks to the simulated card directly.
@Suite("Member card taps in memory")
struct InMemoryTapTests {
    let logger = Logger(label: "test.membercard")

    @Test("a genuine card verifies, takes a new state, and shows it on the next read")
    func genuine() async throws {
        let fixture = try CardFixture()
        defer { fixture.remove() }
        let terminal = MemberCardTerminal(policy: fixture.policy, logger: logger)
        let channel = InMemoryChannel(card: try fixture.card())
        var reading = await terminal.read(over: channel, today: CardFixture.today)
        #expect(reading.isVerified, "\(reading.refusal.map { "\($0)" } ?? "")")
        #expect(reading.state == nil)
        #expect(reading.commands == 2)
        let refusal = await terminal.write(
            CardFixture.newState(balance: 500, sequence: 1), after: &reading, credential: fixture.credential, over: channel)
        #expect(refusal == nil)
        #expect(reading.commands == 3)
        let again = await terminal.read(over: channel, today: CardFixture.today)
        #expect(again.isVerified)
        #expect(again.state?.balance == 500)
        #expect(again.state?.counter == reading.counter)
        #expect(again.counter == reading.counter.map { $0 + 1 })
    }

    @Test("expired, not yet valid and blocked cards are refused with their reason")
    func validity() async throws {
        let expired = try CardFixture(expires: try CalendarDate(year: 2026, month: 11, day: 22))
        defer { expired.remove() }
        let reading = await MemberCardTerminal(policy: expired.policy, logger: logger)
            .read(over: InMemoryChannel(card: try expired.card()), today: CardFixture.today)
        #expect(reading.refusal == .expired(expires: try CalendarDate(year: 2026, month: 11, day: 22)))
        let early = await MemberCardTerminal(policy: expired.policy, logger: logger)
            .read(over: InMemoryChannel(card: try expired.card()), today: try CalendarDate(year: 2024, month: 1, day: 1))
        #expect(early.refusal?.code == "not-yet-valid")

        let fixture = try CardFixture(memberID: "M-LOST")
        defer { fixture.remove() }
        var policy = fixture.policy
        policy.blockedMembers = ["M-LOST"]
        let blocked = await MemberCardTerminal(policy: policy, logger: logger).read(
            over: InMemoryChannel(card: try fixture.card()), today: CardFixture.today)
        #expect(blocked.refusal == .blocked(memberID: "M-LOST"))
        policy.blockedMembers = []
        policy.acceptTestCards = false
        let test = await MemberCardTerminal(policy: policy, logger: logger).read(
            over: InMemoryChannel(card: try fixture.card()), today: CardFixture.today)
        #expect(test.refusal == .testCard)
    }

    @Test("a state signed by a terminal the back office revoked is refused with the terminal named; other terminals' states still pass")
    func stateOfRevokedTerminal() async throws {
        let fixture = try CardFixture()
        defer { fixture.remove() }
        let channel = InMemoryChannel(card: try fixture.card())
        let writer = MemberCardTerminal(policy: fixture.policy, logger: logger)
        var reading = await writer.read(over: channel, today: CardFixture.today)
        #expect(
            await writer.write(
                CardFixture.newState(balance: 900, sequence: 1), after: &reading, credential: fixture.credential, over: channel) == nil)

        var policy = fixture.policy
        policy.revokedTerminals = [3, 9]
        let unaffected = await MemberCardTerminal(policy: policy, logger: logger).read(over: channel, today: CardFixture.today)
        #expect(unaffected.isVerified, "terminal 7 is not revoked: \(unaffected.refusal.map { "\($0)" } ?? "")")
        policy.revokedTerminals.insert(fixture.credential.terminalID)
        let refused = await MemberCardTerminal(policy: policy, logger: logger).read(over: channel, today: CardFixture.today)
        #expect(refused.refusal == .revokedTerminal(fixture.credential.terminalID))
        #expect(refused.refusal?.code == "revoked-terminal")
        #expect(refused.state == nil, "no state of a revoked terminal is handed on")
    }

    @Test("an older state sent again with WRITE STATE is refused by the card")
    func writeBackRefusedByCard() async throws {
        let fixture = try CardFixture()
        defer { fixture.remove() }
        let terminal = MemberCardTerminal(policy: fixture.policy, logger: logger)
        let channel = InMemoryChannel(card: try fixture.card())
        var first = await terminal.read(over: channel, today: CardFixture.today)
        _ = await terminal.write(
            CardFixture.newState(balance: 900, sequence: 1), after: &first, credential: fixture.credential, over: channel)
        let oldEnvelope = try #require(try fixture.storedImage().envelope)
        var second = await terminal.read(over: channel, today: CardFixture.today)
        _ = await terminal.write(
            CardFixture.newState(balance: 100, sequence: 2), after: &second, credential: fixture.credential, over: channel)
        // The copier authenticates (any challenge) and writes the old state back.
        _ = try await channel.transmit(.init(cla: 0, ins: 0xA4, p1: 4, p2: 0, data: MemberCardProfile.aid, expectedLength: 65_536))
        _ = try await channel.transmit(.init(cla: 0x80, ins: 0x88, p1: 0, p2: 0, data: Array(repeating: 1, count: 16), expectedLength: 256))
        let answer = try await channel.transmit(.init(cla: 0x80, ins: 0xD2, p1: 0, p2: 0, data: oldEnvelope))
        #expect(answer.status.rawValue == 0x6985)
        let third = await terminal.read(over: channel, today: CardFixture.today)
        #expect(third.state?.balance == 100)
    }
}

@Suite("Simulated member card: answer chaining")
struct MemberCardChainingTests {
    @Test("with a short Le the FCI comes in pieces with 61xx and GET RESPONSE")
    func shortLe() throws {
        let fixture = try CardFixture()
        defer { fixture.remove() }
        var state = CardFixture.newState(balance: 5, sequence: 1)
        state.cardKeyID = fixture.record.record.cardKeyID
        state.terminalID = 7
        var image = fixture.image
        image.envelope = try StateEnvelope(
            state: state, terminalKey: fixture.credential.privateKey, certificate: fixture.credential.certificate
        ).tlv.encoded
        try CardImageFile(path: fixture.imagePath).write(image)
        let card = try fixture.card()
        var answer = card.process([0x00, 0xA4, 0x04, 0x00, 0x09] + MemberCardProfile.aid + [0x00])
        var data = Array(answer.dropLast(2))
        var rounds = 0
        while answer[answer.count - 2] == 0x61 {
            rounds += 1
            answer = card.process([0x00, 0xC0, 0x00, 0x00, answer[answer.count - 1]])
            data += answer.dropLast(2)
        }
        #expect(Array(answer.suffix(2)) == [0x90, 0x00])
        #expect(rounds >= 1)
        let fci = try SelectAnswer(bytes: data)
        #expect(fci.record == fixture.record)
        #expect(fci.envelope?.state.balance == 5)
    }
}
