import Checkout
import Testing

@Suite("Checkout: waiting for the tap")
struct WaitingTests {
    @Test("nobody taps: timed out, nothing journaled")
    func timeout() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let started = ContinuousClock.now
        let answer = await service.sale(CheckoutFixture.sale("S-1", 85_000, wait: 1))
        #expect(answer.outcome == .timedOut)
        #expect(ContinuousClock.now - started >= .seconds(1))
        #expect(try fixture.entries().isEmpty)
    }

    @Test("a cancelled sale answers cancelled, and a second request meanwhile is busy")
    func cancelAndBusy() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let waiting = Task { await service.sale(CheckoutFixture.sale("S-1", 85_000, wait: 10)) }
        try await Task.sleep(for: .milliseconds(100))
        let busy = await service.sale(CheckoutFixture.sale("S-2", 85_000, wait: 1))
        #expect(busy.refusal?.code == .busy)
        #expect(await service.cancel(requestId: "S-9") == .unknown)
        #expect(await service.cancel(requestId: "S-1") == .cancelled)
        let answer = await waiting.value
        #expect(answer.outcome == .cancelled)
        #expect(try fixture.entries().isEmpty)
        fixture.reader.present(try fixture.card("M-1"))
        let after = await service.sale(CheckoutFixture.sale("S-1", 85_000))
        #expect(after.outcome == .completed)
        #expect(await service.cancel(requestId: "S-1") == .alreadyFinished)
    }

    @Test("a timed-out or cancelled answer can be asked for afterwards, and a second cancel says already-finished")
    func answersAfterTheFact() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let timedOut = await service.sale(CheckoutFixture.sale("S-1", 85_000, wait: 1))
        #expect(timedOut.outcome == .timedOut)
        let asked = try #require(await service.answer(for: "S-1"))
        #expect(asked.outcome == .timedOut && asked.requestId == "S-1" && asked.replayed)
        #expect(await service.cancel(requestId: "S-1") == .alreadyFinished)

        let waiting = Task { await service.sale(CheckoutFixture.sale("S-2", 85_000, wait: 10)) }
        while await service.cancel(requestId: "S-2") != .cancelled { try await Task.sleep(for: .milliseconds(5)) }
        #expect(await waiting.value.outcome == .cancelled)
        #expect(await service.answer(for: "S-2")?.outcome == .cancelled)
        #expect(await service.cancel(requestId: "S-2") == .alreadyFinished)
        #expect(await service.cancel(requestId: "S-3") == .unknown)
        #expect(await service.answer(for: "S-3") == nil)

        // Sent again and completed, the journal's answer is the one given for the id.
        fixture.reader.present(try fixture.card("M-1"))
        let completed = await service.sale(CheckoutFixture.sale("S-1", 85_000))
        #expect(completed.outcome == .completed && !completed.replayed)
        let now = try #require(await service.answer(for: "S-1"))
        #expect(now.outcome == .completed && now.journalSequence == completed.journalSequence && now.replayed)
    }

    @Test("a balance enquiry that changes nothing is not journaled")
    func balance() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        fixture.reader.present(try fixture.card("M-1"))
        let sale = await service.sale(CheckoutFixture.sale("S-1", 85_000))
        let balance = await service.balance(BalanceRequest())
        #expect(balance.outcome == .completed)
        #expect(balance.balance == sale.balance)
        #expect(balance.journalSequence == nil)
        #expect(try fixture.entries().count == 1)
    }
}
