import CardProfile
import Checkout
import Foundation
import LedgerFormat
import Logging
import LoyaltyJournal
import MemberCard
import PCSC
import PointsEngine
import Timekeeping
import VirtualCard

/// A TEST issuer, the demo programme, a journal file in a temporary folder, and a checkout
/// service over an in-memory reader. Every key here is generated at test time.
final class CheckoutFixture: Sendable {
    static let programmeID: UInt32 = 0x4C4F_5931
    /// 2026-11-23 12:00 in Ho Chi Minh City (UTC+7).
    static let noon = Timestamp(secondsSinceEpoch: 1_795_410_000)

    let issuer = Issuer.generateTestIssuer(programmeID: programmeID)
    let directory: String
    let reader = InMemoryReader()
    let clock = ManualWallTime(milliseconds: UInt64(noon.secondsSinceEpoch) * 1000)

    init() throws {
        directory = NSTemporaryDirectory() + "checkout-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var journalPath: String { directory + "/journal.lj" }

    /// A new member card (image file in the folder) for `memberID`, referred by `referrer` when given.
    func card(_ memberID: String, uid: [UInt8] = [0x08, 0x11, 0x22, 0x33], referrer: String? = nil) throws -> MemberCardApplication {
        let member = Issuer.Member(
            memberID: memberID, issued: try CalendarDate(year: 2025, month: 1, day: 15),
            expires: try CalendarDate(year: 2029, month: 12, day: 31), birthdayMonth: 6, birthdayDay: 30, referrer: referrer)
        let path = directory + "/\(memberID).card"
        try CardImageFile(path: path).write(issuer.personalise(member, uid: uid))
        return try MemberCardApplication(imagePath: path)
    }

    /// A checkout service of terminal `terminalID` over the journal (created on first use).
    func service(
        terminalID: UInt32 = 7, journalPath: String? = nil, blocked: Set<String> = [], online: Bool = true,
        acceptUIDOnly: Bool = true, wait: Duration = .seconds(30), journalSize: Int64 = 1 << 20,
        connector: (any CardConnector)? = nil, readerProfiles: ReaderProfileCatalog = .builtIn, programme: Programme = .demo,
        logger: Logger = Logger(label: "test.checkout")
    ) throws -> CheckoutService {
        let path = journalPath ?? self.journalPath
        let options = JournalOptions(clock: SystemWallTime())
        let journal =
            FileManager.default.fileExists(atPath: path)
            ? try Journal.open(path: path, options: options)
            : try Journal.create(path: path, size: journalSize, options: options)
        let configuration = CheckoutConfiguration(
            credential: issuer.enrolTerminal(id: terminalID),
            policy: TrustPolicy(issuerKey: issuer.publicKey, programmeID: Self.programmeID, blockedMembers: blocked, acceptTestCards: true),
            engine: try PointsEngine(programme: programme), defaultWait: wait, acceptUIDOnlyCards: acceptUIDOnly,
            readerProfiles: readerProfiles)
        let service = try CheckoutService(
            configuration: configuration, journal: journal, connector: connector ?? reader, wallTime: clock, logger: logger)
        if online { service.setConnectivity(online: true, lastSync: service.now()) }
        return service
    }

    /// The checkout entries in the journal at `path`, in order.
    func entries(journalPath: String? = nil) throws -> [(sequence: UInt64, entry: LedgerEntry)] {
        let journal = try Journal.open(
            path: journalPath ?? self.journalPath, options: JournalOptions(clock: SystemWallTime(), readOnly: true))
        defer { try? journal.close() }
        var cursor = try journal.transactions(from: try journal.statistics().oldestSequence)
        var entries: [(UInt64, LedgerEntry)] = []
        while let transaction = try cursor.next() {
            if let entry = LedgerEntry.decode(transaction.payload) { entries.append((transaction.sequence, entry)) }
        }
        return entries
    }

    static func sale(_ id: String, _ amount: Int64, redeem: RedemptionRequest = .none, wait: Int? = nil) -> SaleRequest {
        SaleRequest(saleId: id, amount: amount, currency: "VND", redemption: redeem, waitSeconds: wait)
    }
}

/// The card's balance and state as written on it.
func cardState(_ card: MemberCardApplication) throws -> PointsState? {
    try card.file.read().envelope.map { try StateEnvelope(encoded: $0).state }
}
