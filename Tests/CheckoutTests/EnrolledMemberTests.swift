import CardProfile
import Checkout
import Logging
import MemberCard
import PCSC
import PointsEngine
import Testing
import VirtualCard

/// Members a terminal enrolled offline (a blank card personalised with its enrolment key) at the
/// checkout of another terminal: accepted, and refused above the number honoured once the
/// enrolling terminal is revoked (what the `revoked-terminals` document puts in force).
@Suite("Checkout: members enrolled offline by another terminal")
struct EnrolledMemberTests {
    /// A blank card in the fixture's folder, personalised by terminal 9 as enrolment `number`,
    /// with a first state that carries a new member.
    static func enrolledCard(_ fixture: CheckoutFixture, enrolling: TerminalCredential, number: UInt32) async throws
        -> MemberCardApplication
    {
        let path = fixture.directory + "/enrolled-\(number).card"
        try CardImageFile(path: path).write(CardImage.blank(uid: [0x08, 0x90, 0x00, UInt8(number)]))
        let card = try MemberCardApplication(imagePath: path)
        let today = try CalendarDate(year: 2026, month: 11, day: 23)
        let member = EnrolmentCredential.Member(
            number: number, issued: today, expires: try CalendarDate(year: 2028, month: 11, day: 23), birthdayMonth: 2, birthdayDay: 14)
        let carried = CarriedState.blank(member: MemberState.newMember(of: .demo))
        let initial = PointsState(
            cardKeyID: [], counter: 0, terminalID: 0, terminalSequence: 1, balance: 0, tier: carried.member.tierId,
            qualifyingSpend: 0, lastVisit: nil,
            engineState: carried.written(by: CarriedState.Write(terminalID: 9, sequence: 1), member: carried.member).encoded())
        let policy = TrustPolicy(issuerKey: fixture.issuer.publicKey, programmeID: CheckoutFixture.programmeID, acceptTestCards: true)
        let result = await MemberCardTerminal(policy: policy, logger: Logger(label: "test.enrolment")).personalise(
            member, initialState: initial, credential: enrolling, today: today, over: InMemoryChannel(card: card))
        guard result.outcome == .complete else {
            throw EnrolmentFailed(description: "\(result.outcome): \(String(describing: result.refusal))")
        }
        return card
    }

    struct EnrolmentFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// A channel straight into the simulated card, for the enrolling terminal.
    struct InMemoryChannel: CardChannel {
        let card: MemberCardApplication
        func transmit(_ command: CommandAPDU) async throws -> ResponseAPDU {
            try ResponseAPDU(bytes: card.process(command.bytes))
        }
    }

    @Test("an enrolled member earns at another terminal; after revocation with 3 honoured, member E9-3 still does and E9-4 is refused")
    func revokedAboveHonoured() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let enrolling = fixture.issuer.enrolTerminal(
            id: 9,
            enrolment: EnrolmentCertificate.Terms(
                terminalID: 9, highestEnrolment: 50, firstDay: try CalendarDate(year: 2026, month: 1, day: 1),
                lastDay: try CalendarDate(year: 2026, month: 12, day: 31)))
        let third = try await Self.enrolledCard(fixture, enrolling: enrolling, number: 3)
        let fourth = try await Self.enrolledCard(fixture, enrolling: enrolling, number: 4)

        fixture.reader.present(third)
        let first = await service.sale(CheckoutFixture.sale("S-1", 85_000))
        #expect(first.outcome == .completed, "\(first.refusal?.description ?? "")")
        #expect(first.memberId == "E9-3")
        fixture.reader.present(fourth)
        #expect(await service.sale(CheckoutFixture.sale("S-2", 85_000)).outcome == .completed)

        service.updateRevokedTerminals([9], enrolmentsHonoured: [9: 3])
        fixture.reader.present(third)
        let honoured = await service.sale(CheckoutFixture.sale("S-3", 85_000))
        #expect(honoured.outcome == .completed, "\(honoured.refusal?.description ?? "")")
        fixture.reader.present(fourth)
        let refused = await service.sale(CheckoutFixture.sale("S-4", 85_000))
        #expect(refused.outcome == .refused)
        #expect(refused.refusal?.code == .cardRefused)
        #expect(refused.refusal?.reason.contains("revoked terminal 9 as number 4") == true, "\(refused.refusal?.reason ?? "")")
        #expect(try fixture.entries().count == 3, "nothing journaled for the refused member")
    }
}
