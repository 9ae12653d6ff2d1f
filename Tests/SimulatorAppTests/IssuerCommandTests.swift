import ArgumentParser
import CardProfile
import Foundation
import Testing

@testable import SimulatorApp

/// `loyalty-sim issuer create|personalise|enrol-terminal` for real, in a folder of their own: the
/// files they write are read back with the card profile's own readers.
@Suite("loyalty-sim issuer: TEST keys, card images, terminal credentials")
struct IssuerCommandTests {
    /// Runs `body` with a new empty folder, removed afterwards.
    func inFolder(_ body: (String) throws -> Void) throws {
        let folder = NSTemporaryDirectory() + "loyalty-sim-issuer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    /// `issuer create` into `folder`, for `programme`; the issuer file's path.
    func createIssuer(in folder: String, programme: UInt32 = 0x1234_5678) throws -> String {
        let path = folder + "/issuer.json"
        let create = try #require(
            try parse(["issuer", "create", "--out", path, "--programme", "\(programme)"], as: IssuerCommand.Create.self))
        try create.run()
        return path
    }

    @Test("create writes a TEST issuer of the programme asked for")
    func create() throws {
        try inFolder { folder in
            let path = try createIssuer(in: folder, programme: 77)
            let file = try IssuerFile.load(path)
            #expect(file.test)
            #expect(file.programmeID == 77)
            #expect(try file.issuer().isTest)
        }
    }

    @Test("personalise writes a card image: the member, the dates, the UID, signed by the issuer")
    func personalise() throws {
        try inFolder { folder in
            let issuerPath = try createIssuer(in: folder)
            let imagePath = folder + "/card.json"
            let personalise = try #require(
                try parse(
                    [
                        "issuer", "personalise", "--issuer", issuerPath, "--out", imagePath, "--member", "M-000042",
                        "--issued", "2025-01-15", "--expires", "2028-01-31", "--birthday", "03-14", "--uid", "04A1B2C3D4E5F6",
                    ], as: IssuerCommand.Personalise.self))
            try personalise.run()

            let image = try CardImageFile(path: imagePath).read()
            let signed = try #require(image.record)
            let record = signed.record
            #expect(record.memberID == "M-000042")
            #expect(record.programmeID == 0x1234_5678)
            #expect(record.issued == (try CalendarDate(year: 2025, month: 1, day: 15)))
            #expect(record.expires == (try CalendarDate(year: 2028, month: 1, day: 31)))
            #expect(record.birthdayMonth == 3 && record.birthdayDay == 14)
            #expect(image.uid == [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6])
            #expect(image.counter == 0)
            let issuer = try IssuerFile.load(issuerPath).issuerPublicKey()
            #expect(signed.isSigned(by: issuer))
            #expect(ProfileKeys.bytes(of: try image.signingKey().publicKey) == record.cardPublicKey)
        }
    }

    @Test("personalise --referrer signs the referrer into the record (tag 8A); without it the record names none")
    func referrer() throws {
        try inFolder { folder in
            let issuerPath = try createIssuer(in: folder)
            for referrer in ["M-000041", nil] {
                let out = folder + "/card-\(referrer ?? "none").json"
                try #require(
                    try parse(
                        [
                            "issuer", "personalise", "--issuer", issuerPath, "--out", out, "--member", "M-000042", "--issued",
                            "2025-01-01", "--expires", "2026-01-01",
                        ] + (referrer.map { ["--referrer", $0] } ?? []), as: IssuerCommand.Personalise.self)
                ).run()
                let image = try CardImageFile(path: out).read()
                let signed = try #require(image.record)
                #expect(signed.record.referrerID == referrer)
                #expect(signed.isSigned(by: try IssuerFile.load(issuerPath).issuerPublicKey()))
            }
        }
    }

    @Test("two cards of one issuer get different card keys")
    func freshCardKeys() throws {
        try inFolder { folder in
            let issuerPath = try createIssuer(in: folder)
            var keys: [[UInt8]] = []
            for name in ["a", "b"] {
                let out = folder + "/\(name).json"
                try #require(
                    try parse(
                        [
                            "issuer", "personalise", "--issuer", issuerPath, "--out", out, "--member", name, "--issued", "2025-01-01",
                            "--expires", "2026-01-01",
                        ], as: IssuerCommand.Personalise.self)
                ).run()
                keys.append(try CardImageFile(path: out).read().cardPrivateKey)
            }
            #expect(keys[0] != keys[1])
        }
    }

    @Test(
        "a birthday that is not MM-DD, or a UID of the wrong length, is refused before anything is written",
        arguments: [
            (["--birthday", "13-01"], "--birthday must be MM-DD"), (["--birthday", "3/14"], "--birthday must be MM-DD"),
            (["--birthday", "02-32"], "--birthday must be MM-DD"), (["--uid", "0811"], "--uid must be 4, 7 or 10 bytes"),
            (["--referrer", ""], "--referrer must be a member id of 1 to 32 bytes"),
            (["--referrer", String(repeating: "R", count: 33)], "--referrer must be a member id of 1 to 32 bytes"),
        ])
    func refusedOptions(extra: [String], expected: String) throws {
        let message = try #require(
            refusal(
                [
                    "issuer", "personalise", "--issuer", "/nonexistent/issuer.json", "--out", "/nonexistent/card.json", "--member", "m",
                    "--issued", "2025-01-01", "--expires", "2026-01-01",
                ] + extra))
        #expect(message.contains(expected), "\(message)")
    }

    @Test(
        "a date that is not a real YYYY-MM-DD fails the run and writes no image",
        arguments: ["2025-13-01", "2025-01-32", "2025/01/01", "yesterday"])
    func badDates(date: String) throws {
        try inFolder { folder in
            let issuerPath = try createIssuer(in: folder)
            let out = folder + "/card.json"
            let command = try #require(
                try parse(
                    [
                        "issuer", "personalise", "--issuer", issuerPath, "--out", out, "--member", "m", "--issued", date, "--expires",
                        "2030-01-01",
                    ], as: IssuerCommand.Personalise.self))
            #expect(throws: (any Error).self) { try command.run() }
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test("enrol-terminal writes a credential whose certificate names the terminal and is signed by the issuer")
    func enrolTerminal() throws {
        try inFolder { folder in
            let issuerPath = try createIssuer(in: folder)
            let out = folder + "/terminal-12.json"
            try #require(
                try parse(
                    ["issuer", "enrol-terminal", "--issuer", issuerPath, "--id", "12", "--out", out], as: IssuerCommand.EnrolTerminal.self)
            ).run()
            let file = try TerminalCredentialFile.load(out)
            #expect(file.terminalID == 12)
            #expect(file.test)
            let credential = try file.credential()
            #expect(credential.certificate.terminalID == 12)
            #expect(credential.certificate.programmeID == 0x1234_5678)
            #expect(credential.certificate.isSigned(by: try IssuerFile.load(issuerPath).issuerPublicKey()))
        }
    }

    @Test("parseDate takes YYYY-MM-DD only, month 1-12 and day 1-31 (the card profile's dates)")
    func dates() throws {
        #expect(try parseDate("2024-02-29") == CalendarDate(year: 2024, month: 2, day: 29))
        for text in ["2024-01-32", "2024-2", "24-02-29-1", "", "2024-00-10", "2024-13-01"] {
            #expect(throws: (any Error).self, "\(text)") { _ = try parseDate(text) }
        }
    }
}
