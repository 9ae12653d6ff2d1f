import CardProfile
import Checkout
import Foundation
import LedgerFormat
import Logging
import MemberCard
import PointsEngine
import Testing
import VirtualCard

/// A sale reaches the card, and the power cut that follows loses its confirmation (held in
/// memory until the next entry): the sale is in doubt again at restart. The member then shops at
/// other tills before coming back. The card's list of writers proves the sale landed, however
/// many writes came since; a card that cannot tell (written in format 1 by older terminals)
/// leaves it unresolved and counted, never voided.
@Suite("Checkout: a confirmation lost in a power cut, the card written elsewhere since")
struct LostConfirmationTests {
    /// Sale S-1 at terminal 7, written on the card; then the power is cut.
    static func saleThenPowerCut(_ fixture: CheckoutFixture, card: MemberCardApplication) async throws -> CheckoutAnswer {
        let here = try fixture.service()
        fixture.reader.present(card)
        let answer = await here.sale(CheckoutFixture.sale("S-1", 1_200_000))
        #expect(answer.outcome == .completed)
        #expect(here.inDoubtCount == 0)
        try here.journal.close()  // the process dies: the confirmation never reaches the journal
        return answer
    }

    @Test("the sale is confirmed after 4, 5 and 20 writes at other terminals; the card's balance is the ledger's", arguments: [4, 5, 20])
    func confirmedAfterWritesElsewhere(writes: Int) async throws {
        let fixture = try CheckoutFixture()
        let card = try fixture.card("M-1")
        let first = try await Self.saleThenPowerCut(fixture, card: card)
        // Five other tills, each with its own journal, take turns.
        let others = try (8...12).map { id in try fixture.service(terminalID: UInt32(id), journalPath: fixture.directory + "/t\(id).lj") }
        for round in 0..<writes {
            let answer = await others[round % others.count].sale(CheckoutFixture.sale("E-\(round)", 150_000 + Int64(round) * 10_000))
            #expect(answer.outcome == .completed, "\(answer.refusal?.description ?? "")")
        }
        let restarted = try fixture.service()
        #expect(restarted.inDoubtCount == 1)
        let next = await restarted.sale(CheckoutFixture.sale("S-2", 300_000))
        #expect(next.outcome == .completed)
        #expect(restarted.inDoubtCount == 0)

        let here = try fixture.entries()
        #expect(here.map(\.entry.kind) == [.sale, .sale], "never voided")
        #expect(here.last?.entry.confirmed == [try #require(first.journalSequence)])
        #expect(here.last?.entry.unresolved == nil)
        var ledger = here
        for id in 8...12 { ledger += try fixture.entries(journalPath: fixture.directory + "/t\(id).lj") }
        #expect(ledger.allSatisfy { $0.entry.kind != .void })
        let points = ledger.reduce(Int64(0)) { $0 + ($1.entry.answer?.points?.net ?? 0) }
        let state = try #require(try cardState(card))
        #expect(state.balance == points, "the card carries \(state.balance), the ledger gives \(points)")
        #expect(state.balance == next.balance)

        // The sale is still this till's to refund.
        let refund = await restarted.refund(RefundRequest(refundId: "R-1", saleId: "S-1"))
        #expect(refund.outcome == .completed, "\(refund.refusal?.description ?? "")")
    }

    @Test("after the power cut the card never got the sale: the list of writers proves it, and it is voided")
    func voidedOnProof() async throws {
        let fixture = try CheckoutFixture()
        let card = try fixture.card("M-1")
        let here = try fixture.service()
        let first = try await TearingTests.incompleteSale(here, fixture, card: card)
        #expect(first.outcome == .incomplete)
        try here.journal.close()
        let others = try (8...12).map { id in try fixture.service(terminalID: UInt32(id), journalPath: fixture.directory + "/t\(id).lj") }
        fixture.reader.present(card)
        for round in 0..<6 {
            let answer = await others[round % others.count].sale(CheckoutFixture.sale("E-\(round)", 200_000))
            #expect(answer.outcome == .completed)
        }
        let restarted = try fixture.service()
        let next = await restarted.sale(CheckoutFixture.sale("S-2", 300_000))
        #expect(next.outcome == .completed)
        let entries = try fixture.entries()
        #expect(entries.map(\.entry.kind) == [.sale, .void, .sale])
        #expect(entries[1].entry.reason?.contains("names every terminal that ever wrote it") == true, "\(entries[1].entry.reason ?? "")")
    }

    @Test("a card written by older terminals (format 1) that cannot tell: the sale is left unresolved, counted, answerable")
    func unresolvedOnFormatOneCard() async throws {
        let fixture = try CheckoutFixture()
        let card = try fixture.card("M-1")
        let first = try await Self.saleThenPowerCut(fixture, card: card)
        // Terminal 8, of the previous release, writes the card four times in format 1: the
        // sale's write falls off its list of the last four.
        let member = try CarriedState(bytes: try #require(try cardState(card)).engineState).member
        var recent: [CarriedState.Write] = [CarriedState.Write(terminalID: 7, sequence: try #require(first.journalSequence))]
        for sequence in UInt64(1)...4 {
            recent = Array(([CarriedState.Write(terminalID: 8, sequence: sequence)] + recent).prefix(4))
            try await Self.writeFormatOne(fixture, card: card, terminal: 8, member: member, recent: recent)
        }
        let restarted = try fixture.service()
        #expect(restarted.inDoubtCount == 1)
        let next = await restarted.sale(CheckoutFixture.sale("S-2", 300_000))
        #expect(next.outcome == .completed)
        #expect(restarted.inDoubtCount == 0)
        let entries = try fixture.entries()
        #expect(entries.map(\.entry.kind) == [.sale, .sale], "never voided")
        #expect(entries.last?.entry.unresolved == [first.journalSequence!])
        #expect(entries.last?.entry.previousWrite == LedgerEntry.CarriedWrite(terminalId: 8, sequence: 4))
        #expect(next.balance == member.balance + (next.points?.net ?? 0), "the till went on from the card's state")
        let retry = await restarted.sale(CheckoutFixture.sale("S-1", 1_200_000))
        #expect(retry.outcome == .completed && retry.replayed && retry.journalSequence == first.journalSequence)
        // The card now carries format 2: the next tap here proves S-2 landed.
        let state = try #require(try cardState(card))
        let carried = try CarriedState(bytes: state.engineState)
        #expect(carried.recentWrites.isEmpty)
        #expect(carried.highestSequence(of: 7) == next.journalSequence)
        #expect(carried.highestSequence(of: 8) == 4)
        #expect(!carried.isComplete)
    }

    /// Writes `member` on the card as a terminal of the previous release would: engine state
    /// format 1 with its last four writes.
    static func writeFormatOne(
        _ fixture: CheckoutFixture, card: MemberCardApplication, terminal: UInt32, member: MemberState, recent: [CarriedState.Write]
    ) async throws {
        var bytes: [UInt8] = [1, UInt8(recent.count)]
        for write in recent {
            bytes += withUnsafeBytes(of: write.terminalID.bigEndian, Array.init)
            bytes += withUnsafeBytes(of: write.sequence.bigEndian, Array.init)
        }
        bytes += member.compactEncoded()
        let reader = MemberCardTerminal(
            policy: TrustPolicy(issuerKey: fixture.issuer.publicKey, programmeID: CheckoutFixture.programmeID, acceptTestCards: true),
            logger: Logger(label: "test.format-one"))
        fixture.reader.present(card)
        let session = try await fixture.reader.connect(timeout: .seconds(5))
        defer { Task { await session.end() } }
        var reading = await reader.read(over: session, today: try CalendarDate(year: 2026, month: 11, day: 23))
        #expect(reading.isVerified)
        let state = PointsState(
            cardKeyID: [], counter: 0, terminalID: 0, terminalSequence: recent[0].sequence, balance: member.balance,
            tier: member.tierId, qualifyingSpend: 0, lastVisit: nil, engineState: bytes)
        let refusal = await reader.write(state, after: &reading, credential: fixture.issuer.enrolTerminal(id: terminal), over: session)
        #expect(refusal == nil)
    }
}
