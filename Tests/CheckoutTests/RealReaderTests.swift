import Checkout
import Foundation
import Logging
import MemberCard
import PCSC
import TestSupport
import Testing
import VirtualCard

/// The checkout through the real stack: libpcsclite, a real `pcscd`, the vpcd driver and a
/// simulated member card on the second virtual reader (shared in turns with the member-card
/// tests).
@Suite("Checkout through pcscd and vpcd", .serialized)
struct RealReaderTests {
    static let reader = PCSCDaemon.secondVirtualReader
    static let port: UInt16 = VirtualCardHost.defaultPort + 1

    /// A till: a checkout on the second virtual reader, with member M-1's card ready in front of
    /// it (not yet on the reader), referred by `referrer` when given.
    struct Till {
        let fixture: CheckoutFixture
        let card: MemberCardApplication
        let host: VirtualCardHost
        let service: CheckoutService
    }

    /// - Parameters:
    ///   - readerProfiles: the profiles the checkout matches the reader against.
    ///   - shortAPDUsOnly: the virtual reader refuses extended APDUs.
    ///   - referrer: the member who referred M-1, signed in the card's member record.
    static func withTill(
        wait: Duration, readerProfiles: ReaderProfileCatalog = .builtIn, shortAPDUsOnly: Bool = false, referrer: String? = nil,
        logger: Logger = Logger(label: "test.checkout"), _ body: (Till) async throws -> Void
    ) async throws {
        try await RealStack.withReader(reader) {
            try await PCSCDaemon.ensureRunning()
            let fixture = try CheckoutFixture()
            let card = try fixture.card("M-1", referrer: referrer)
            let host = VirtualCardHost(
                application: card, port: port, shortAPDUsOnly: shortAPDUsOnly, logger: Logger(label: "test.checkout.card"))
            let connector = PCSCCardConnector(reader: reader, logger: Logger(label: "test.checkout"))
            let service = try fixture.service(wait: wait, connector: connector, readerProfiles: readerProfiles, logger: logger)
            try await waitUntilEmpty()
            defer { host.remove() }
            try await body(Till(fixture: fixture, card: card, host: host, service: service))
        }
    }

    @Test("earn, retry, balance and refund with a card on a real reader")
    func earnAndRefund() async throws {
        try await Self.withTill(wait: .seconds(8)) { (till: Till) async throws in
            let (fixture, card, service) = (till.fixture, till.card, till.service)
            till.host.insert()
            let sale = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
            #expect(sale.outcome == .completed, "\(sale.refusal?.description ?? "")")
            let retry = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
            #expect(retry.replayed)
            let balance = await service.balance(BalanceRequest())
            #expect(balance.balance == sale.balance)
            let refund = await service.refund(RefundRequest(refundId: "R-1", saleId: "S-1"))
            #expect(refund.outcome == .completed)
            #expect(try cardState(card)?.balance == refund.balance)
            #expect(try fixture.entries().map(\.entry.kind) == [.sale, .refund])
            let health = await service.health()
            #expect(health.readerPresent && health.cardPresent)
        }
    }

    @Test("health answers within 100 ms while a sale waits for a tap, and sees the card when it comes")
    func healthWhileWaiting() async throws {
        try await Self.withTill(wait: .seconds(8)) { till in
            let service = till.service
            let sale = Task { await service.sale(CheckoutFixture.sale("S-1", 1_000_000)) }
            try await Task.sleep(for: .milliseconds(300))
            let (waiting, took) = await Self.timedHealth(service)
            print("health while a sale waits for a tap: median \(took)")
            // Behind the tap's wait it would take until the card came or the 8 s ran out.
            #expect(took < .milliseconds(100))
            #expect(waiting.readerPresent && !waiting.cardPresent)
            till.host.insert()
            let answer = await sale.value
            #expect(answer.outcome == .completed, "\(answer.refusal?.description ?? "")")
            let after = await service.health()
            #expect(after.readerPresent && after.cardPresent)
        }
    }

    @Test("the card pulled at each APDU of a sale and put back: the sale completes once", arguments: 1...3)
    func pulledAtEachCommand(_ command: Int) async throws {
        try await Self.withTill(wait: .seconds(10)) { till in
            let (fixture, card, host, service) = (till.fixture, till.card, till.host, till.service)
            host.pullDuringCommand(number: host.commandCount + command)
            host.insert()
            let sale = Task { await service.sale(CheckoutFixture.sale("S-1", 1_000_000)) }
            // Put the card back once the reader has seen it go.
            try await Self.waitUntilPulled(host)
            try await Self.waitUntilEmpty()
            host.insert()
            let answer = await sale.value
            #expect(answer.outcome == .completed, "pulled at \(command): \(answer.refusal?.description ?? "")")
            #expect(try fixture.entries().filter { $0.entry.kind == .sale }.count == 1)
            #expect(try cardState(card)?.balance == answer.balance)
            #expect(service.inDoubtCount == 0)
        }
    }

    /// A member who pulls the card and puts it straight back does it within one of `pcscd`'s
    /// polls: the reader never lists it as gone. The retried sale must take the card there
    /// after a short grace, not wait for a removal that will not come until the member leaves.
    @Test("the card pulled and put back before pcscd sees it go: the sale takes it within seconds, not at the end of its wait")
    func putBackWithinOnePoll() async throws {
        try await Self.withTill(wait: .seconds(20)) { till in
            let (card, host, service) = (till.card, till.host, till.service)
            host.pullDuringCommand(number: host.commandCount + 2)
            host.insert()
            let sale = Task { await service.sale(CheckoutFixture.sale("S-1", 1_000_000)) }
            try await Self.waitUntilPulled(host)
            host.insert()
            let putBack = ContinuousClock.now
            let answer = await sale.value
            let waited = ContinuousClock.now - putBack
            #expect(answer.outcome == .completed, "\(answer.refusal?.description ?? "")")
            #expect(waited < .seconds(5), "the sale waited \(waited) for a removal pcscd never saw")
            #expect(try cardState(card)?.balance == answer.balance)
        }
    }

    @Test(
        "with pcscd gone a sale answers at once terminal-fault SCARD_E_NO_SERVICE and health within 100 ms; pcscd back, the next sale completes within 2 s"
    )
    func deadCardService() async throws {
        try await RealStack.exclusive {
            try await PCSCDaemon.ensureRunning()
            let fixture = try CheckoutFixture()
            let card = try fixture.card("M-1")
            let host = VirtualCardHost(application: card, port: Self.port, logger: Logger(label: "test.checkout.card"))
            defer { host.remove() }
            let connector = PCSCCardConnector(reader: Self.reader, logger: Logger(label: "test.checkout"))
            let service = try fixture.service(wait: .seconds(20), connector: connector)
            try await PCSCDaemon.stop()
            var restarted = false
            defer { if !restarted { try? PCSCDaemon.start() } }
            let started = ContinuousClock.now
            let refused = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
            let took = ContinuousClock.now - started
            print("a sale with pcscd gone answered in \(took)")
            #expect(refused.refusal?.code == .terminalFault)
            #expect(refused.refusal?.reason.contains("SCARD_E_NO_SERVICE") == true, "\(refused.refusal?.reason ?? "")")
            #expect(took < .seconds(2), "not the request's 20 s wait")
            #expect(try fixture.entries().isEmpty)
            let (health, healthTook) = await Self.timedHealth(service)
            print("health with pcscd gone: median \(healthTook)")
            #expect(!health.readerPresent && health.status == "degraded")
            #expect(healthTook < .milliseconds(100))

            // The card waits on the reader; pcscd comes back: the next sale is served within 2 s.
            host.insert()
            try PCSCDaemon.start()
            restarted = true
            let restartedAt = ContinuousClock.now
            try await PCSCDaemon.ensureRunning()
            let sale = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
            let recovered = ContinuousClock.now - restartedAt
            print("a sale after pcscd restarted completed \(recovered) after the restart")
            #expect(sale.outcome == .completed, "\(sale.refusal?.description ?? "")")
            #expect(recovered < .seconds(2))
        }
    }

    /// The health report, asked five times: the last answer and the median time (one call
    /// delayed by a busy machine does not decide).
    static func timedHealth(_ service: CheckoutService) async -> (HealthReport, Duration) {
        var times: [Duration] = []
        var report: HealthReport?
        for _ in 0..<5 {
            let started = ContinuousClock.now
            report = await service.health()
            times.append(ContinuousClock.now - started)
        }
        return (report!, times.sorted()[2])
    }

    static func waitUntilEmpty() async throws {
        let context = try PCSCContext()
        defer { context.release() }
        try await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
    }

    static func waitUntilPulled(_ host: VirtualCardHost) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(8))
        while host.isInserted {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
