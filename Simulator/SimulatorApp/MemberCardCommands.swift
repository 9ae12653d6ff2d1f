import ArgumentParser
import CardProfile
import Foundation
import Logging
import ServiceLifecycle
import VirtualCard

/// `loyalty-sim issuer`: the issuer's tooling for simulated member cards (TEST keys only).
struct IssuerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issuer",
        abstract: "Issuer tooling: a TEST issuer key pair, personalised card images (test keys only).",
        subcommands: [Create.self, Personalise.self, BlankCard.self, EnrolTerminal.self, CertifyDocumentKey.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a TEST issuer key pair (JSON file).")
        @Option(help: "Where to write the issuer file.") var out: String
        @Option(help: "The programme id.") var programme: UInt32 = 0x4C4F_5931

        func run() throws {
            try IssuerFile(Issuer.generateTestIssuer(programmeID: programme)).save(out)
            print("TEST issuer key pair for programme \(programme) written to \(out)")
        }
    }

    struct Personalise: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Personalise a member card image with a fresh card key.")
        @Option(help: "The issuer file.") var issuer: String
        @Option(help: "Where to write the card image.") var out: String
        @Option(help: "The member id (1-32 bytes).") var member: String
        @Option(help: "Issue date, YYYY-MM-DD.") var issued: String
        @Option(help: "Expiry date (last valid day), YYYY-MM-DD.") var expires: String
        @Option(help: "Birthday, MM-DD.") var birthday: String = "01-01"
        @Option(help: "The card's UID in hex (4, 7 or 10 bytes).") var uid: String = "08112233"
        @Option(help: "The member id of the member who referred this one (1-32 bytes; signed in the record, tag 8A).")
        var referrer: String?

        /// The UID, if it is 4, 7 or 10 bytes of hex.
        private var uidBytes: [UInt8]? { BlankCard.uidBytes(uid) }

        /// Month and day, if `birthday` is MM-DD.
        private var birthdayParts: (month: UInt8, day: UInt8)? {
            let parts = birthday.split(separator: "-", omittingEmptySubsequences: false).map { UInt8($0) }
            guard parts.count == 2, let month = parts[0], let day = parts[1], (1...12).contains(month), (1...31).contains(day)
            else { return nil }
            return (month, day)
        }

        func validate() throws {
            guard uidBytes != nil else {
                throw ValidationError("--uid must be 4, 7 or 10 bytes of hex, e.g. 04A1B2C3D4E5F6 (got '\(uid)')")
            }
            guard birthdayParts != nil else { throw ValidationError("--birthday must be MM-DD, e.g. 03-14 (got '\(birthday)')") }
            if let referrer, !(1...32).contains(referrer.utf8.count) {
                throw ValidationError("--referrer must be a member id of 1 to 32 bytes (got \(referrer.utf8.count) bytes)")
            }
        }

        func run() throws {
            let issuer = try IssuerFile.load(self.issuer).issuer()
            guard let uidBytes, let birthdayParts else { throw ValidationError("--uid or --birthday is not valid") }
            let image = issuer.personalise(
                Issuer.Member(
                    memberID: member, issued: try parseDate(issued), expires: try parseDate(expires),
                    birthdayMonth: birthdayParts.month, birthdayDay: birthdayParts.day, referrer: referrer),
                uid: uidBytes)
            try CardImageFile(path: out).write(image)
            print(
                "card image for member \(member)\(referrer.map { " (referred by \($0))" } ?? "") written to \(out); "
                    + "card key id \(image.record.map { $0.record.cardKeyID.map { String(format: "%02X", $0) }.joined() } ?? "-")")
        }
    }
}

extension IssuerCommand {
    struct EnrolTerminal: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enrol-terminal", abstract: "Enrol a terminal: a fresh terminal key pair and its issuer certificate.")
        @Option(help: "The issuer file.") var issuer: String
        @Option(help: "The terminal id.") var id: UInt32
        @Option(help: "Where to write the terminal credential (JSON).") var out: String
        @Flag(help: "Also make an enrolment key and its certificate: the terminal may personalise blank cards offline.")
        var enrolMembers = false
        @Option(help: "With --enrol-members: the highest enrolment number the key may sign.") var enrolmentLimit: UInt32 = 10_000
        @Option(help: "With --enrol-members: the first day it may enrol on, YYYY-MM-DD.") var enrolFrom: String?
        @Option(help: "With --enrol-members: the last day it may enrol on, YYYY-MM-DD.") var enrolUntil: String?

        func validate() throws {
            guard enrolMembers || (enrolFrom == nil && enrolUntil == nil) else {
                throw ValidationError("--enrol-from and --enrol-until go with --enrol-members")
            }
            guard enrolmentLimit > 0 else { throw ValidationError("--enrolment-limit must be at least 1") }
            if enrolMembers {
                guard let enrolFrom, let enrolUntil else { throw ValidationError("--enrol-members needs --enrol-from and --enrol-until") }
                guard try parseDate(enrolFrom) <= parseDate(enrolUntil) else {
                    throw ValidationError("--enrol-until (\(enrolUntil)) is before --enrol-from (\(enrolFrom))")
                }
            }
        }

        func run() throws {
            let issuer = try IssuerFile.load(self.issuer).issuer()
            let terms = try enrolFrom.map { from in
                EnrolmentCertificate.Terms(
                    terminalID: id, highestEnrolment: enrolmentLimit, firstDay: try parseDate(from),
                    lastDay: try parseDate(enrolUntil ?? from))
            }
            try TerminalCredentialFile(issuer.enrolTerminal(id: id, enrolment: terms), test: issuer.isTest).save(out)
            let enrols = terms.map {
                " with an enrolment key for members E\(id)-1 to E\(id)-\($0.highestEnrolment), \($0.firstDay) to \($0.lastDay)"
            }
            print("terminal \(id) enrolled\(enrols ?? ""); credential written to \(out)")
        }
    }

    struct CertifyDocumentKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "certify-document-key",
            abstract: "Certify the back office's document key ('loyalty-backoffice publish document-key' printed it).",
            discussion: """
                Rotating the key: certify the new one with a generation above the old one's; terminals that see it refuse \
                documents signed under lower generations from then on (docs/operations.md, "Document key").
                """)
        @Option(help: "The issuer file.") var issuer: String
        @Option(help: "The document key's public key, hex (65 bytes, 04...).") var publicKey: String
        @Option(help: "The key's id.") var keyId: String
        @Option(help: "The rotation number, from 1: above every key certified before.") var generation: UInt32
        @Option(help: "How many days the key may sign.") var days: Int = 365
        @Option(help: "Where to write the certificate (JSON).") var out: String

        func validate() throws {
            guard generation > 0 else { throw ValidationError("--generation starts at 1") }
            guard (1...3650).contains(days) else { throw ValidationError("--days must be 1 to 3650") }
            guard !keyId.isEmpty, keyId.utf8.count <= 64, !keyId.contains(where: \.isNewline) else {
                throw ValidationError("--key-id must be 1 to 64 characters on one line")
            }
        }

        func run() throws {
            let issuer = try IssuerFile.load(self.issuer).issuer()
            guard let bytes = HexText.decode(publicKey.lowercased()), let key = try? ProfileKeys.publicKey(bytes) else {
                throw ValidationError("--public-key is not a P-256 public key: 130 hex digits starting with 04")
            }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let certificate = DocumentKeyCertificate.certify(
                key, keyId: keyId, generation: generation, notBefore: now - 60_000, notAfter: now + Int64(days) * 86_400_000, by: issuer)
            try Data(try certificate.encoded()).write(to: URL(fileURLWithPath: out), options: .atomic)
            print("document key \(keyId) certified as generation \(generation) for \(days) days; certificate written to \(out)")
        }
    }
}

/// `loyalty-sim member-card`: presents a member card from a card-image file.
struct MemberCardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member-card",
        abstract: "Present a member card from a card-image file until stopped; its counter and state persist in the file."
    )

    @Option(help: "The card-image file (loyalty-sim issuer personalise, or issuer blank-card).") var image: String
    @Flag(help: "Make the image a blank card (issuer blank-card) when the file does not exist yet.") var blank = false
    @Option(help: "The vpcd driver's address.") var host: String = "127.0.0.1"
    @Option(help: "The vpcd driver's port: 35963 for the first virtual reader.") var port: UInt16 = VirtualCardHost.defaultPort
    @Option(help: "Remove the card after this many seconds (default: keep it until stopped).") var seconds: Double?
    @Flag(name: .customLong("short-apdus-only"), help: "Be a reader that carries short APDUs only: refuse extended-length ones with 6700.")
    var shortAPDUsOnly = false

    func run() async throws {
        var logger = Logger(label: "loyalty-sim.member-card")
        logger.logLevel = .info
        if blank, !FileManager.default.fileExists(atPath: image) {
            try CardImageFile(path: image).write(CardImage.blank(uid: [0x08, 0x11, 0x22, 0x33]))
            CardCommand.say("blank card image made at \(image)")
        }
        let card = try MemberCardApplication(imagePath: image)
        let virtualCard = VirtualCardHost(application: card, host: host, port: port, shortAPDUsOnly: shortAPDUsOnly, logger: logger)
        let presented = PresentedCard(
            host: virtualCard, seconds: seconds, clock: ContinuousClock(),
            onInserted: { [image, host, port] in
                CardCommand.say("member card \(image) presented on vpcd \(host):\(port); Ctrl-C to remove it")
            },
            onRemoved: { CardCommand.say("card removed") })
        try await PresentedCard.present(presented, logger: logger)
    }
}

/// Parses `YYYY-MM-DD`.
func parseDate(_ text: String) throws -> CalendarDate {
    let parts = text.split(separator: "-")
    guard parts.count == 3, let y = UInt16(parts[0]), let m = UInt8(parts[1]), let d = UInt8(parts[2]) else {
        throw ValidationError("dates are YYYY-MM-DD (got '\(text)')")
    }
    return try CalendarDate(year: y, month: m, day: d)
}
