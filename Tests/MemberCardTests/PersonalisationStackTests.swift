import CardProfile
import Foundation
import Logging
import MemberCard
import PCSC
import Synchronization
import Testing
import VirtualCard

/// Personalising a blank card through the real `pcscd` + vpcd stack, read afterwards by another
/// terminal, and pulled at every step.
extension MemberCardStackTests {
    func personaliseOnce(_ fixture: EnrolmentFixture, number: UInt32, over channel: some CardChannel) async -> Personalisation {
        await MemberCardTerminal(policy: fixture.policy, logger: logger).personalise(
            EnrolmentFixture.member(number), initialState: EnrolmentFixture.initialState, credential: fixture.enrolling,
            today: EnrolmentFixture.today, over: channel)
    }

    @Test("a terminal personalises a blank card in 4 APDUs; a second terminal, knowing only the issuer key, accepts it")
    func personaliseBlankCard() async throws {
        let (result, wire, refused, second) = try await StackHarness.stable {
            let fixture = try EnrolmentFixture()
            defer { fixture.remove() }
            let host = StackHarness.host(try fixture.card())
            let (result, wire, refused) = try await StackHarness.withCard(host) { connection in
                let before = host.commandCount
                let result = await personaliseOnce(fixture, number: 17, over: connection)
                let wire = host.commandCount - before
                // The card is personalised now: a second PERSONALISE is refused by the card itself.
                _ = try await connection.transmit(
                    .init(cla: 0, ins: 0xA4, p1: 4, p2: 0, data: MemberCardProfile.aid, expectedLength: 65_536))
                let record = fixture.enrolment.signRecord(for: EnrolmentFixture.member(18), cardPublicKey: try fixture.blank.publicKey())
                let refused = try await connection.transmit(.init(cla: 0x80, ins: 0xE0, p1: 0, p2: 0, data: record.tlv.encoded))
                return (result, wire, refused.status)
            }
            // Another terminal: its own credential, and of the issuer only the public key.
            let secondTerminal = MemberCardTerminal(
                policy: TrustPolicy(
                    issuerKey: try IssuerFile(fixture.issuer, includePrivateKey: false).issuerPublicKey(),
                    programmeID: EnrolmentFixture.programmeID, acceptTestCards: true),
                logger: logger)
            let second = try await StackHarness.withCard(StackHarness.host(try fixture.card())) { connection in
                var reading = await secondTerminal.read(over: connection, today: EnrolmentFixture.today)
                let found = reading.state
                guard reading.isVerified else { return (reading, found, CardRefusal?.none) }
                var state = EnrolmentFixture.initialState
                state.balance = 40
                let refusal = await secondTerminal.write(state, after: &reading, credential: fixture.other, over: connection)
                return (reading, found, refusal)
            }
            return (result, wire, refused, second)
        }
        #expect(result.outcome == .complete, "\(result.refusal.map { "\($0)" } ?? "")")
        #expect(result.commands == 4)
        #expect(wire == 4, "APDUs on the wire")
        #expect(refused == .conditionsNotSatisfied, "PERSONALISE on a personalised card")
        #expect(second.0.isVerified, "\(second.0.refusal.map { "\($0)" } ?? "")")
        #expect(second.0.record?.memberID == "E7-17")
        #expect(second.0.steps.contains { $0.name == .enrolment && $0.passed })
        #expect(second.1?.balance == 0 && second.1?.terminalID == 7, "the first state, written by the enrolling terminal")
        #expect(second.2 == nil, "the second terminal writes its sale")
        #expect(second.0.state?.balance == 40 && second.0.state?.terminalID == 12)
        print("personalised over pcscd: \(result.commands) APDUs; steps \(result.reading.steps.map(\.name.rawValue))")
    }

    /// Where a personalisation is cut: before APDU n (SELECT, PERSONALISE, AUTHENTICATE, WRITE
    /// STATE) arrives, or inside the image write of PERSONALISE, of the counter, or of the state.
    enum PersonalisationCut: CustomStringConvertible, Sendable {
        case beforeCommand(Int)
        case inside(write: Int, CardImageFile.WriteStep)
        var description: String {
            switch self {
            case .beforeCommand(let n): "before APDU \(n)"
            case .inside(1, let step): "inside the PERSONALISE write, before \(step)"
            case .inside(2, let step): "inside the counter commit, before \(step)"
            case .inside(_, let step): "inside the state write, before \(step)"
            }
        }
    }

    static let personalisationCuts: [PersonalisationCut] =
        (1...4).map { .beforeCommand($0) }
        + [1, 2, 3].flatMap { write in CardImageFile.WriteStep.allCases.map { .inside(write: write, $0) } }

    @Test("a card pulled at any step of its personalisation is blank or whole; tapped again it is finished", arguments: personalisationCuts)
    func pulledDuringPersonalisation(cut: PersonalisationCut) async throws {
        let (result, after, retry, check) = try await StackHarness.stable {
            let fixture = try EnrolmentFixture()
            defer { fixture.remove() }
            let card = try fixture.card()
            let host = StackHarness.host(card)
            let writes = Mutex(0)
            if case .inside(let write, let step) = cut {
                card.setTearHook { current in
                    // Image writes: 1 = PERSONALISE, 2 = the counter (AUTHENTICATE), 3 = the state.
                    if current == .writeTemporary { writes.withLock { $0 += 1 } }
                    guard writes.withLock({ $0 }) == write, current == step else { return true }
                    host.remove()
                    return false
                }
            }
            let result = try await StackHarness.withCard(host) { connection in
                if case .beforeCommand(let n) = cut { host.pullDuringCommand(number: host.commandCount + n) }
                return await personaliseOnce(fixture, number: 23, over: connection)
            }
            let after = try fixture.storedImage()
            // Tapped again, with the same enrolment.
            let retry = try await StackHarness.withCard(StackHarness.host(try fixture.card())) { connection in
                await personaliseOnce(fixture, number: 23, over: connection)
            }
            let check = await MemberCardTerminal(policy: fixture.policy, logger: logger)
                .read(over: InMemoryChannel(card: try fixture.card()), today: EnrolmentFixture.today)
            return (result, after, retry, check)
        }
        #expect(result.outcome != .complete, "the attempt cannot finish \(cut)")
        // What the card holds is one of the whole stages, and the outcome allows it.
        let stage: Personalisation.Outcome =
            after.isBlank ? .blank : after.envelope == nil ? .personalisedWithoutState : .complete
        let allowed: [Personalisation.Outcome] =
            switch result.outcome {
            case .notWritten, .blank: [.blank]
            case .personaliseInDoubt: [.blank, .personalisedWithoutState]
            case .personalisedWithoutState: [.personalisedWithoutState]
            case .stateInDoubt: [.personalisedWithoutState, .complete]
            case .complete: [.complete]
            }
        #expect(allowed.contains(stage), "\(cut): outcome \(result.outcome.rawValue), card \(stage.rawValue)")
        if !after.isBlank { #expect(after.record?.record.memberID == "E7-23") }
        let expected: Personalisation.Outcome =
            switch cut {
            case .beforeCommand(1): .blank
            case .beforeCommand(2), .inside(1, .writeTemporary), .inside(1, .syncTemporary), .inside(1, .rename): .blank
            case .inside(3, .syncDirectory): .complete
            default: .personalisedWithoutState
            }
        #expect(stage == expected, "\(cut)")
        #expect(retry.outcome == .complete, "\(cut): retry \(retry.refusal.map { "\($0)" } ?? "")")
        #expect(retry.sentPersonalise == (stage == .blank))
        #expect(retry.wroteState == (stage != .complete))
        #expect(check.isVerified && check.record?.memberID == "E7-23" && check.state?.balance == 0)
        print(
            "pulled \(cut): \(result.outcome.rawValue) (\(result.refusal?.code ?? "-")), card \(stage.rawValue); retry \(retry.commands) APDUs"
        )
    }
}
