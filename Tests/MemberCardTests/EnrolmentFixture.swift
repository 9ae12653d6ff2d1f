import CardProfile
import Crypto
import Foundation
import MemberCard
import VirtualCard

/// A TEST issuer, terminal 7 that may enrol members 1 to 100 in 2026, terminal 12 that may not
/// (another terminal's credential, the same issuer key only), and a blank card image in a
/// temporary folder. Every key is generated at test time.
struct EnrolmentFixture {
    static let programmeID = CardFixture.programmeID
    static let today = CardFixture.today
    static let firstDay = try! CalendarDate(year: 2026, month: 1, day: 1)
    static let lastDay = try! CalendarDate(year: 2026, month: 12, day: 31)

    let issuer = Issuer.generateTestIssuer(programmeID: programmeID)
    let enrolling: TerminalCredential
    let other: TerminalCredential
    let directory: URL
    let imagePath: String
    let blank: CardImage

    init() throws {
        enrolling = issuer.enrolTerminal(
            id: 7,
            enrolment: EnrolmentCertificate.Terms(terminalID: 7, highestEnrolment: 100, firstDay: Self.firstDay, lastDay: Self.lastDay))
        other = issuer.enrolTerminal(id: 12)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("enrolment-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        imagePath = directory.appendingPathComponent("card.img").path
        blank = CardImage.blank(uid: [0x08, 0x44, 0x55, 0x66])
        try CardImageFile(path: imagePath).write(blank)
    }

    var enrolment: EnrolmentCredential { enrolling.enrolment! }

    var policy: TrustPolicy {
        TrustPolicy(issuerKey: issuer.publicKey, programmeID: Self.programmeID, acceptTestCards: true)
    }

    func card() throws -> MemberCardApplication { try MemberCardApplication(imagePath: imagePath) }

    func storedImage() throws -> CardImage { try CardImageFile(path: imagePath).read() }

    /// Enrolment `number`, issued `issued` (today by default), valid two years.
    static func member(_ number: UInt32, issued: CalendarDate = today) -> EnrolmentCredential.Member {
        EnrolmentCredential.Member(
            number: number, issued: issued, expires: try! CalendarDate(year: issued.year + 2, month: issued.month, day: issued.day),
            birthdayMonth: 4, birthdayDay: 9)
    }

    /// The first state of an enrolled card: nothing earned yet.
    static let initialState = PointsState(
        cardKeyID: [], counter: 0, terminalID: 0, terminalSequence: 1, balance: 0, tier: "base", qualifyingSpend: 0, lastVisit: nil)

    /// A card image holding `record` (built for the blank card's key) and no state.
    func personalisedImage(_ record: (_ cardKey: [UInt8]) throws -> SignedMemberRecord) throws -> CardImage {
        var image = blank
        image.record = try record(try blank.publicKey())
        return image
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
