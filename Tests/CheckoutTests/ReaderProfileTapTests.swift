import CardProfile
import Checkout
import Foundation
import Logging
import PCSC
import TestSupport
import Testing
import VirtualCard

/// What the reader's profile changes at a tap, through the real stack (libpcsclite, `pcscd`,
/// vpcd and the simulated reader and card on the second virtual reader): the LED and buzzer
/// feedback, and short APDUs for a reader that carries no extended ones.
@Suite("Reader profiles at the tap, through pcscd and vpcd", .serialized)
struct ReaderProfileTapTests {
    static let hardwareReaders = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../hardware/readers", isDirectory: true)
        .standardizedFileURL

    /// The virtual reader's profile as `hardware/readers/vpcd-virtual.json` gives it.
    static func virtualReader() throws -> ReaderProfile {
        try #require(try ReaderProfileCatalog.load(from: hardwareReaders).profiles.first { $0.id == "vpcd-virtual" })
    }

    /// A catalog whose only profile (matching the virtual reader) is `profile`.
    static func catalog(_ profile: ReaderProfile) -> ReaderProfileCatalog {
        ReaderProfileCatalog(profiles: [profile])
    }

    static func bytes(_ signal: ReaderProfile.Signal?) throws -> [UInt8] {
        guard case .apdu(let command) = try #require(signal?.readerCommand) else {
            Issue.record("the virtual reader's feedback is not a pseudo-APDU")
            return []
        }
        return command.bytes
    }

    @Test("a good tap gives the profile's success pattern, a refused tap its refusal pattern: one APDU each")
    func feedbackPatterns() async throws {
        let profile = try Self.virtualReader()
        let success = try Self.bytes(profile.feedback?.success)
        let refusal = try Self.bytes(profile.feedback?.refusal)
        #expect(success != refusal)
        try await RealReaderTests.withTill(wait: .seconds(8), readerProfiles: Self.catalog(profile)) {
            (till: RealReaderTests.Till) async throws in
            let (host, service) = (till.host, till.service)
            host.insert()
            let before = host.commandCount
            let sale = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
            #expect(sale.outcome == .completed, "\(sale.refusal?.description ?? "")")
            #expect(host.readerSignals == [success])
            #expect(host.commandCount - before == 4, "SELECT, AUTHENTICATE, WRITE STATE and the feedback")

            service.updateBlockedMembers(["M-1"])
            let refusedAt = host.commandCount
            let refused = await service.sale(CheckoutFixture.sale("S-2", 1_000_000))
            #expect(refused.refusal?.code == .cardBlocked)
            #expect(host.readerSignals == [success, refusal])
            #expect(host.commandCount - refusedAt == 2, "SELECT and the feedback")
        }
    }

    @Test("a reader whose profile has no LED or buzzer gets no feedback command")
    func noFeedback() async throws {
        var profile = try Self.virtualReader()
        profile.led = nil
        profile.buzzer = nil
        profile.feedback = nil
        try await RealReaderTests.withTill(wait: .seconds(8), readerProfiles: Self.catalog(profile)) {
            (till: RealReaderTests.Till) async throws in
            let (host, service) = (till.host, till.service)
            host.insert()
            let before = host.commandCount
            let sale = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
            #expect(sale.outcome == .completed, "\(sale.refusal?.description ?? "")")
            service.updateBlockedMembers(["M-1"])
            let refused = await service.sale(CheckoutFixture.sale("S-2", 1_000_000))
            #expect(refused.refusal?.code == .cardBlocked)
            #expect(host.readerSignals.isEmpty)
            #expect(host.commandCount - before == 3 + 1, "the sale's three APDUs and the refused tap's SELECT, nothing more")
        }
    }

    @Test("a reader that refuses the feedback command: the sale completes all the same, and the failure is logged")
    func refusedFeedback() async throws {
        var profile = try Self.virtualReader()
        // A command the virtual reader does not know: it reaches the card, which refuses class FF.
        profile.feedback?.success = ReaderProfile.Signal(transport: "apdu", apdu: "FF00410000")
        let (logger, messages) = RecordingLogHandler.logger()
        try await RealReaderTests.withTill(wait: .seconds(8), readerProfiles: Self.catalog(profile), logger: logger) {
            (till: RealReaderTests.Till) async throws in
            till.host.insert()
            let sale = await till.service.sale(CheckoutFixture.sale("S-1", 1_000_000))
            #expect(sale.outcome == .completed, "\(sale.refusal?.description ?? "")")
            #expect(try cardState(till.card)?.balance == sale.balance)
            #expect(till.host.readerSignals.isEmpty)
            #expect(messages.at(.warning).contains("reader feedback failed"), "\(messages.at(.warning))")
        }
    }

    @Test("an escape feedback goes through SCardControl: vpcd refuses it, the failure is logged, and the card stays usable")
    func escapeFeedback() async throws {
        var profile = try Self.virtualReader()
        // The ACR1252U's patterns; vpcd's driver has no control commands.
        let acr1252u = try #require(try ReaderProfileCatalog.load(from: Self.hardwareReaders).profiles.first { $0.id == "acs-acr1252u" })
        profile.feedback = acr1252u.feedback
        let (logger, messages) = RecordingLogHandler.logger()
        try await RealReaderTests.withTill(wait: .seconds(8), readerProfiles: Self.catalog(profile), logger: logger) {
            (till: RealReaderTests.Till) async throws in
            till.host.insert()
            let before = till.host.commandCount
            let sale = await till.service.sale(CheckoutFixture.sale("S-1", 1_000_000))
            #expect(sale.outcome == .completed, "\(sale.refusal?.description ?? "")")
            #expect(messages.at(.warning).filter { $0 == "reader feedback failed" }.count == 1)
            #expect(till.host.commandCount - before == 3, "an escape is no APDU")
            // The same card, still on the reader, takes the next sale at once.
            let started = ContinuousClock.now
            let next = await till.service.sale(CheckoutFixture.sale("S-2", 1_000_000))
            #expect(next.outcome == .completed, "\(next.refusal?.description ?? "")")
            #expect(ContinuousClock.now - started < .seconds(2), "not a wait for the card to leave and come back")
            #expect(messages.at(.warning).filter { $0 == "reader feedback failed" }.count == 2)
        }
    }

    @Test("a reader that carries short APDUs only: a whole sale by command chaining and GET RESPONSE; the extended form is refused")
    func shortAPDUs() async throws {
        var profile = try Self.virtualReader()
        profile.extendedAPDU = false
        try await RealReaderTests.withTill(wait: .seconds(8), readerProfiles: Self.catalog(profile), shortAPDUsOnly: true) {
            (till: RealReaderTests.Till) async throws in
            let (fixture, card, host, service) = (till.fixture, till.card, till.host, till.service)
            host.insert()
            let before = host.commandCount
            let sale = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
            #expect(sale.outcome == .completed, "\(sale.refusal?.description ?? "")")
            #expect(try cardState(card)?.balance == sale.balance)
            #expect(host.refusedExtendedCount == 0)
            let first = host.commandCount - before
            print("a sale through a short-APDU reader: \(first) APDUs (with the feedback)")
            #expect(first > 4, "GET RESPONSE and chained pieces beside the three commands and the feedback")

            // The second sale reads the state the first one wrote (longer) and writes a new one.
            let secondAt = host.commandCount
            let again = await service.sale(CheckoutFixture.sale("S-2", 2_000_000))
            #expect(again.outcome == .completed, "\(again.refusal?.description ?? "")")
            let second = host.commandCount - secondAt
            print("the next sale, reading the state the first wrote: \(second) APDUs (with the feedback)")
            #expect(second >= first)
            #expect(try cardState(card)?.balance == again.balance)
            #expect(try fixture.entries().map(\.entry.kind) == [.sale, .sale])
            #expect(service.inDoubtCount == 0)

            // The same SELECT in its extended form never reaches the card.
            let context = try PCSCContext()
            defer { context.release() }
            let connection = try await context.connect(to: RealReaderTests.reader)
            let select = try CommandAPDU(cla: 0x00, ins: 0xA4, p1: 0x04, p2: 0x00, data: MemberCardProfile.aid, expectedLength: 65_536)
            #expect(select.isExtended)
            let refused = try await connection.transmit(raw: select.bytes)
            #expect(refused == [0x67, 0x00])
            #expect(host.refusedExtendedCount == 1)
            let short = try #require(select.shortChain().first)
            let answer = try await connection.transmit(short)
            #expect(answer.status == .success)
            #expect(answer.data.count > 256, "the whole FCI, by GET RESPONSE")
            try? await connection.disconnect()
        }
    }
}
