import CardProfile
import Foundation
import Logging
import MemberCard
import PCSC
import StoreProcesses
import Synchronization
import Testing
import VirtualCard

/// Acceptance of the member card through the real `pcscd` + `vsmartcard-vpcd` stack.
/// One serialized suite: the virtual reader is shared.
@Suite("Member card through pcscd + vpcd", .serialized)
struct MemberCardStackTests {
    let logger = Logger(label: "test.member-card")

    /// One tap: read, verify, write `newBalance`.
    func tap(_ terminal: MemberCardTerminal, _ fixture: CardFixture, over connection: CardConnection, balance: Int64, sequence: UInt64)
        async -> (CardReading, CardRefusal?)
    {
        var reading = await terminal.read(over: connection, today: CardFixture.today)
        guard reading.isVerified else { return (reading, reading.refusal) }
        let refusal = await terminal.write(
            CardFixture.newState(balance: balance, sequence: sequence), after: &reading, credential: fixture.credential, over: connection)
        return (reading, refusal)
    }

    @Test("a genuine card reads, verifies and takes its new state in 3 APDUs")
    func genuineCard() async throws {
        let (reading, refusal, wire, elapsed, again) = try await StackHarness.stable {
            let fixture = try CardFixture()
            defer { fixture.remove() }
            let terminal = MemberCardTerminal(policy: fixture.policy, logger: logger)
            let host = StackHarness.host(try fixture.card())
            return try await StackHarness.withCard(host) { connection in
                let before = host.commandCount
                let start = ContinuousClock.now
                let (reading, refusal) = await tap(terminal, fixture, over: connection, balance: 250, sequence: 1)
                let elapsed = ContinuousClock.now - start
                let wire = host.commandCount - before
                let again = await terminal.read(over: connection, today: CardFixture.today)
                return (reading, refusal, wire, elapsed, again)
            }
        }
        #expect(refusal == nil, "\(refusal.map { "\($0)" } ?? "")")
        #expect(reading.trust == .memberCard)
        #expect(reading.record?.memberID == "M-000123")
        #expect(reading.commands == 3)
        #expect(wire == 3, "raw APDUs on the wire")
        #expect(reading.steps.allSatisfy { $0.passed })
        print("genuine tap: \(reading.commands) APDUs, \(elapsed); steps: \(reading.steps.map(\.name.rawValue))")
        #expect(again.isVerified)
        #expect(again.state?.balance == 250)
        #expect(again.state?.terminalID == 7)
    }

    @Test("the reader answers a member card's UID to FF CA 00 00 00, as for every contactless card; loyalty-terminal readers shows it")
    func memberCardUID() async throws {
        let (answer, readers) = try await StackHarness.stable {
            let fixture = try CardFixture()
            defer { fixture.remove() }
            let host = StackHarness.host(try fixture.card())
            return try await StackHarness.withCard(host) { connection in
                let answer = try await connection.transmit(raw: [0xFF, 0xCA, 0x00, 0x00, 0x00])
                let readers = try await ProcessRunner.run(BuiltProducts.executable("loyalty-terminal"), ["readers", "--json"])
                return (answer, readers)
            }
        }
        #expect(answer == [0x08, 0x11, 0x22, 0x33, 0x90, 0x00])
        let listed = try JSONSerialization.jsonObject(with: Data(readers.standardOutput.utf8)) as? [[String: Any]]
        let reader = try #require(listed?.first { $0["name"] as? String == StackHarness.reader }, "\(readers.standardOutput)")
        #expect(reader["uid"] as? String == "08112233", "\(reader)")
    }

    @Test("a record with a bad issuer signature is refused as forged")
    func forgedRecord() async throws {
        let reading = try await StackHarness.stable {
            let fixture = try CardFixture()
            defer { fixture.remove() }
            var image = fixture.image
            image.record?.signature[5] ^= 0x01
            try CardImageFile(path: fixture.imagePath).write(image)
            let terminal = MemberCardTerminal(policy: fixture.policy, logger: logger)
            return try await StackHarness.withCard(StackHarness.host(try fixture.card())) { connection in
                await terminal.read(over: connection, today: CardFixture.today)
            }
        }
        #expect(reading.refusal == .forgedRecord)
        #expect(reading.trust == .none)
        #expect(reading.steps.last?.name == .issuerSignature)

        // A record signed by another issuer key (a forger's own) is refused the same way.
        let other = try await StackHarness.stable {
            let forger = Issuer.generateTestIssuer(programmeID: CardFixture.programmeID)
            let forged = try CardFixture(issuerOverride: forger)
            defer { forged.remove() }
            return try await StackHarness.withCard(StackHarness.host(try forged.card())) { connection in
                await MemberCardTerminal(policy: forged.policy, logger: logger).read(over: connection, today: CardFixture.today)
            }
        }
        #expect(other.refusal == .forgedRecord)
    }

    @Test("an expired card is refused as expired")
    func expiredCard() async throws {
        let expiry = try CalendarDate(year: 2026, month: 10, day: 31)
        let reading = try await StackHarness.stable {
            let fixture = try CardFixture(expires: expiry)
            defer { fixture.remove() }
            let terminal = MemberCardTerminal(policy: fixture.policy, logger: logger)
            return try await StackHarness.withCard(StackHarness.host(try fixture.card())) { connection in
                await terminal.read(over: connection, today: CardFixture.today)
            }
        }
        #expect(reading.refusal == .expired(expires: expiry))
    }

    @Test("an authentication answer replayed from an earlier session fails")
    func replayedAuthentication() async throws {
        let (first, second) = try await StackHarness.stable {
            let fixture = try CardFixture()
            defer { fixture.remove() }
            let terminal = MemberCardTerminal(policy: fixture.policy, logger: logger)
            let card = ReplayingCard(try fixture.card())
            return try await StackHarness.withCard(StackHarness.host(card)) { connection in
                let first = await terminal.read(over: connection, today: CardFixture.today)
                card.replaying = true
                let second = await terminal.read(over: connection, today: CardFixture.today)
                return (first, second)
            }
        }
        #expect(first.isVerified)
        #expect(second.refusal?.code == "authentication-failed", "\(second.refusal.map { "\($0)" } ?? "")")
        #expect(second.trust == .none)
    }

    @Test("an older state written back is refused: by the card on WRITE STATE, by the terminal when found stored")
    func olderStateWrittenBack() async throws {
        let (taps, writeBack, oldCounter, boundTo, reading) = try await StackHarness.stable {
            let fixture = try CardFixture()
            defer { fixture.remove() }
            let terminal = MemberCardTerminal(policy: fixture.policy, logger: logger)
            let host = StackHarness.host(try fixture.card())
            let (taps, writeBack, oldEnvelope, oldCounter) = try await StackHarness.withCard(host) { connection in
                let (first, refusal) = await tap(terminal, fixture, over: connection, balance: 900, sequence: 1)
                let saved = try fixture.storedImage().envelope ?? []
                let (_, second) = await tap(terminal, fixture, over: connection, balance: 100, sequence: 2)
                // A copier replays the old state with WRITE STATE after its own AUTHENTICATE.
                _ = try await connection.transmit(
                    .init(cla: 0, ins: 0xA4, p1: 4, p2: 0, data: MemberCardProfile.aid, expectedLength: 65_536))
                _ = try await connection.transmit(
                    .init(cla: 0x80, ins: 0x88, p1: 0, p2: 0, data: Array(repeating: 1, count: 16), expectedLength: 256))
                let answer = try await connection.transmit(.init(cla: 0x80, ins: 0xD2, p1: 0, p2: 0, data: saved))
                return ([refusal, second], answer.status, saved, first.counter)
            }
            // The old state put back into the card's storage behind its logic: the terminal
            // finds it belongs to an older counter than the one the card's state is bound to.
            var image = try fixture.storedImage()
            let boundTo = image.stateCounter
            image.envelope = oldEnvelope
            try CardImageFile(path: fixture.imagePath).write(image)
            let reading = try await StackHarness.withCard(StackHarness.host(try fixture.card())) { connection in
                await terminal.read(over: connection, today: CardFixture.today)
            }
            return (taps, writeBack, oldCounter, boundTo, reading)
        }
        #expect(taps == [nil, nil])
        #expect(writeBack == .conditionsNotSatisfied)
        #expect(reading.refusal == .stateRolledBack(stateCounter: try #require(oldCounter), cardStateCounter: boundTo))
    }

    @Test("a UID-only card is identified by UID and marked lower trust")
    func uidOnlyCard() async throws {
        let uid: [UInt8] = [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]
        let reading = try await StackHarness.stable {
            let fixture = try CardFixture()
            defer { fixture.remove() }
            return try await StackHarness.withCard(StackHarness.host(UIDCard(uid: uid))) { connection in
                await MemberCardTerminal(policy: fixture.policy, logger: logger).read(over: connection, today: CardFixture.today)
            }
        }
        #expect(reading.trust == .uidOnly)
        #expect(reading.uid == uid)
        #expect(reading.refusal == nil)
        #expect(!reading.isVerified)
        #expect(reading.commands == 2)
    }

    /// Where a tap is cut: before command 1, 2 or 3 arrives, inside the counter commit of
    /// AUTHENTICATE, or inside the state write.
    enum Cut: CustomStringConvertible, Sendable {
        case beforeCommand(Int)
        case insideCounterWrite(CardImageFile.WriteStep)
        case insideWrite(CardImageFile.WriteStep)
        var description: String {
            switch self {
            case .beforeCommand(let n): "before APDU \(n)"
            case .insideCounterWrite(let step): "inside the counter commit, before \(step)"
            case .insideWrite(let step): "inside the state write, before \(step)"
            }
        }
    }

    static let cuts: [Cut] =
        [.beforeCommand(1), .beforeCommand(2), .beforeCommand(3)]
        + [.insideCounterWrite(.rename), .insideCounterWrite(.syncDirectory)]
        + CardImageFile.WriteStep.allCases.map { .insideWrite($0) }

    @Test("a card pulled between any two APDUs of a tap keeps its old state or its new one, whole", arguments: cuts)
    func pulledDuringTap(cut: Cut) async throws {
        let (refusal, after) = try await StackHarness.stable {
            let fixture = try CardFixture()
            defer { fixture.remove() }
            let terminal = MemberCardTerminal(policy: fixture.policy, logger: logger)
            // A first state, written in memory.
            let setup = InMemoryChannel(card: try fixture.card())
            var first = await terminal.read(over: setup, today: CardFixture.today)
            guard
                await terminal.write(
                    CardFixture.newState(balance: 100, sequence: 1), after: &first, credential: fixture.credential, over: setup) == nil
            else {
                throw HarnessFailure(description: "setup write failed")
            }
            let card = try fixture.card()
            let host = StackHarness.host(card)
            let writes = Mutex(0)
            let torn: (write: Int, step: CardImageFile.WriteStep)? =
                switch cut {
                case .beforeCommand: nil
                case .insideCounterWrite(let step): (1, step)
                case .insideWrite(let step): (2, step)
                }
            if let torn {
                card.setTearHook { step in
                    // Image writes of the tap: 1 = the counter (AUTHENTICATE), 2 = the state.
                    if step == .writeTemporary { writes.withLock { $0 += 1 } }
                    guard writes.withLock({ $0 }) == torn.write, step == torn.step else { return true }
                    host.remove()
                    return false
                }
            }
            let refusal = try await StackHarness.withCard(host) { connection in
                if case .beforeCommand(let n) = cut { host.pullDuringCommand(number: host.commandCount + n) }
                return await tap(terminal, fixture, over: connection, balance: 555, sequence: 2).1
            }
            let after = await terminal.read(over: InMemoryChannel(card: try fixture.card()), today: CardFixture.today)
            return (refusal, after)
        }
        #expect(refusal != nil, "the tap cannot finish \(cut)")
        if case .insideWrite = cut { #expect(refusal == .tornWrite) }
        #expect(after.isVerified, "\(after.refusal.map { "\($0)" } ?? "")")
        let balance = try #require(after.state?.balance)
        #expect([100, 555].contains(balance))
        let expectNew: Bool = if case .insideWrite(.syncDirectory) = cut { true } else { false }
        #expect(balance == (expectNew ? 555 : 100))
        print("pulled \(cut): refused \(refusal?.code ?? "-"), card holds balance \(balance)")
    }
}
