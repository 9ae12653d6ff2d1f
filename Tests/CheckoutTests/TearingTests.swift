import Checkout
import Foundation
import LedgerFormat
import Testing
import VirtualCard

/// The card leaves at each command of a sale's tap (SELECT, AUTHENTICATE, WRITE STATE), before
/// the card sees it or after it acted but before its answer arrives, and the terminal is
/// restarted between the journal and the card write: the journal and the card end in
/// agreement, and the sale counts exactly once.
@Suite("Checkout: card pulled, terminal restarted")
struct TearingTests {
    static let pulls: [InMemoryReader.Pull] = [
        .before(1), .afterProcessing(1), .before(2), .afterProcessing(2), .before(3), .afterProcessing(3),
    ]

    /// Presents `card`, set to leave as `pull` says, starts sale S-1 and, once it is journaled
    /// and in doubt with the card gone, cancels its wait: the answer is `incomplete`. Does not
    /// depend on how fast a loaded machine runs the tap.
    static func incompleteSale(
        _ service: CheckoutService, _ fixture: CheckoutFixture, card: MemberCardApplication,
        pull: InMemoryReader.Pull = .before(3)
    ) async throws -> CheckoutAnswer {
        fixture.reader.pullNextSession(pull)
        fixture.reader.present(card)
        let sale = Task { await service.sale(CheckoutFixture.sale("S-1", 1_000_000, wait: 60)) }
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while service.inDoubtCount == 0 || fixture.reader.hasCard {
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        // The flow marks the request cancellable again just after the card write failed.
        while await service.cancel(requestId: "S-1") != .cancelled, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        return await sale.value
    }

    @Test("card pulled at each command, then tapped again within the same request", arguments: 0..<6)
    func pulledAndRetapped(_ index: Int) async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service(wait: .seconds(5))
        let card = try fixture.card("M-1")
        fixture.reader.pullNextSession(Self.pulls[index])
        fixture.reader.present(card)
        let sale = Task { await service.sale(CheckoutFixture.sale("S-1", 1_000_000)) }
        while fixture.reader.hasCard || fixture.reader.sessions == 0 { try await Task.sleep(for: .milliseconds(5)) }
        fixture.reader.present(card)
        let answer = await sale.value
        #expect(answer.outcome == .completed, "pull \(Self.pulls[index]): \(answer.refusal?.description ?? "")")
        #expect(!answer.replayed, "the POS's only answer is no replay")
        let sales = try fixture.entries().filter { $0.entry.kind == .sale }
        #expect(sales.count == 1)
        #expect(try fixture.entries().allSatisfy { $0.entry.kind != .void })
        let state = try #require(try cardState(card))
        #expect(state.balance == answer.balance)
        #expect(state.terminalSequence == sales.first?.sequence)
        #expect(service.inDoubtCount == 0)
    }

    @Test("card pulled at the write and not back in time: incomplete; the same sale later finishes it")
    func incompleteThenRetried() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let card = try fixture.card("M-1")
        let first = try await Self.incompleteSale(service, fixture, card: card)
        #expect(first.outcome == .incomplete)
        #expect(first.refusal?.code == .cardRemoved)
        #expect(service.inDoubtCount == 1)
        #expect(try cardState(card) == nil)
        fixture.reader.present(card)
        let retry = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
        #expect(retry.outcome == .completed)
        #expect(retry.journalSequence == first.journalSequence)
        #expect(retry.balance == first.balance)
        #expect(try cardState(card)?.balance == retry.balance)
        #expect(try fixture.entries().count == 1)
    }

    @Test("terminal stopped between the journal and the card write, restarted: the retried sale completes once", arguments: [3, 4])
    func restartBetweenJournalAndCard(_ landedCommand: Int) async throws {
        // landedCommand 3: the write never reached the card; 4 stands for "the write landed but
        // its answer was lost" (the card acted on command 3).
        let fixture = try CheckoutFixture()
        let card = try fixture.card("M-1")
        var journaled: UInt64?
        do {
            let service = try fixture.service()
            let first = try await Self.incompleteSale(
                service, fixture, card: card, pull: landedCommand == 3 ? .before(3) : .afterProcessing(3))
            #expect(first.outcome == .incomplete)
            journaled = first.journalSequence
            try service.journal.close()  // the process dies: nothing more is written
        }
        let restarted = try fixture.service()
        #expect(restarted.inDoubtCount == 1)
        fixture.reader.present(card)
        let retry = await restarted.sale(CheckoutFixture.sale("S-1", 1_000_000))
        #expect(retry.outcome == .completed)
        #expect(retry.replayed)
        #expect(retry.journalSequence == journaled)
        #expect(try cardState(card)?.balance == retry.balance)
        #expect(restarted.inDoubtCount == 0)
        #expect(try fixture.entries().count == 1)
    }

    @Test("an in-doubt sale whose card moved on elsewhere is voided, and its retry is a new transaction")
    func movedOnElsewhere() async throws {
        let fixture = try CheckoutFixture()
        let here = try fixture.service()
        let card = try fixture.card("M-1")
        let first = try await Self.incompleteSale(here, fixture, card: card)
        #expect(first.outcome == .incomplete)
        // The member goes to terminal 8 with the old state.
        let elsewherePath = fixture.directory + "/other.lj"
        let elsewhere = try fixture.service(terminalID: 8, journalPath: elsewherePath)
        fixture.reader.present(card)
        let other = await elsewhere.sale(CheckoutFixture.sale("T8-1", 300_000))
        #expect(other.outcome == .completed)
        // Back here: S-1 never reached the card; it is voided and made again on the new state.
        let retry = await here.sale(CheckoutFixture.sale("S-1", 1_000_000))
        #expect(retry.outcome == .completed)
        #expect(!retry.replayed)
        #expect(retry.journalSequence != first.journalSequence)
        let kinds = try fixture.entries().map(\.entry.kind)
        #expect(kinds == [.sale, .void, .sale])
        #expect(try cardState(card)?.balance == retry.balance)
        #expect(retry.balance == (other.balance ?? 0) + (retry.points?.net ?? 0))
    }

    @Test("an in-doubt balance enquiry's sale is carried to the card by the next tap of any request")
    func carriedForwardByAnotherRequest() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let card = try fixture.card("M-1")
        let first = try await Self.incompleteSale(service, fixture, card: card)
        #expect(first.outcome == .incomplete)
        fixture.reader.present(card)
        let next = await service.sale(CheckoutFixture.sale("S-2", 500_000))
        #expect(next.outcome == .completed)
        let entries = try fixture.entries()
        #expect(entries.map(\.entry.kind) == [.sale, .sale])
        #expect(entries.last?.entry.carriedForward == [first.journalSequence!])
        #expect(try cardState(card)?.balance == next.balance)
        #expect(next.balance == (first.balance ?? 0) + (next.points?.net ?? 0))
        #expect(service.inDoubtCount == 0)
        let replay = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
        #expect(replay.replayed && replay.outcome == .completed)
    }
}
