import CardProfile
import Crypto
import Foundation
import MemberCard
import PCSC
import VirtualCard

/// A TEST issuer, a personalised card image in a temporary folder, and an enrolled terminal.
/// Every key here is generated at test time and is a test key.
struct CardFixture {
    static let programmeID: UInt32 = 0x4C4F_5931
    static let today = try! CalendarDate(year: 2026, month: 11, day: 23)

    let issuer = Issuer.generateTestIssuer(programmeID: programmeID)
    let directory: URL
    let imagePath: String
    let credential: TerminalCredential
    let image: CardImage
    /// The card's signed record.
    let record: SignedMemberRecord

    init(
        memberID: String = "M-000123", expires: CalendarDate = try! CalendarDate(year: 2029, month: 12, day: 31),
        issuerOverride: Issuer? = nil
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("membercard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        imagePath = directory.appendingPathComponent("card.img").path
        let member = Issuer.Member(
            memberID: memberID, issued: try CalendarDate(year: 2025, month: 1, day: 15), expires: expires,
            birthdayMonth: 6, birthdayDay: 30)
        image = (issuerOverride ?? issuer).personalise(member, uid: [0x08, 0x11, 0x22, 0x33])
        guard let record = image.record else { throw HarnessFailure(description: "the issuer made a blank card") }
        self.record = record
        try CardImageFile(path: imagePath).write(image)
        credential = issuer.enrolTerminal(id: 7)
    }

    var policy: TrustPolicy {
        TrustPolicy(issuerKey: issuer.publicKey, programmeID: Self.programmeID, acceptTestCards: true)
    }

    func card() throws -> MemberCardApplication {
        try MemberCardApplication(imagePath: imagePath)
    }

    func storedImage() throws -> CardImage {
        try CardImageFile(path: imagePath).read()
    }

    static func newState(balance: Int64, sequence: UInt64) -> PointsState {
        PointsState(
            cardKeyID: [], counter: 0, terminalID: 0, terminalSequence: sequence, balance: balance,
            tier: "silver", qualifyingSpend: UInt64(balance) * 10,
            lastVisit: today, engineState: Array(repeating: 0xAB, count: 300))
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// A channel straight into a simulated card, without `pcscd`.
struct InMemoryChannel: CardChannel {
    let card: any CardApplication
    func transmit(_ command: CommandAPDU) async throws -> ResponseAPDU {
        try ResponseAPDU(bytes: card.process(command.bytes))
    }
}

/// A card that records the AUTHENTICATE answer of one session and gives it back in later
/// ones: what a relay or a recording would do.
final class ReplayingCard: CardApplication, @unchecked Sendable {
    let inner: MemberCardApplication
    private let lock = NSLock()
    private var recorded: [UInt8]?
    var replaying = false

    init(_ inner: MemberCardApplication) { self.inner = inner }

    var atr: [UInt8] { inner.atr }
    func powerOn() { inner.powerOn() }

    func process(_ command: [UInt8]) -> [UInt8] {
        let answer = inner.process(command)
        guard command.count >= 2, command[0] == 0x80, command[1] == 0x88 else { return answer }
        return lock.withLock {
            if replaying, let recorded { return recorded }
            recorded = answer
            return answer
        }
    }
}
