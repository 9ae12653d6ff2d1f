import ArgumentParser
import CardProfile
import Foundation
import Testing

@testable import SimulatorApp

/// `loyalty-sim issuer blank-card` and `issuer enrol-terminal --enrol-members`, run for real in a
/// folder of their own and read back with the card profile's readers.
@Suite("loyalty-sim issuer: blank cards and enrolment keys")
struct IssuerEnrolmentCommandTests {
    let commands = IssuerCommandTests()

    @Test("blank-card writes a blank image: its own key, the UID, no record, counters at zero, owner-only")
    func blankCard() throws {
        try commands.inFolder { folder in
            let out = folder + "/blank.img"
            try #require(try parse(["issuer", "blank-card", "--out", out, "--uid", "04A1B2C3D4E5F6"], as: IssuerCommand.BlankCard.self))
                .run()
            let image = try CardImageFile(path: out).read()
            #expect(image.isBlank)
            #expect(image.uid == [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6])
            #expect(image.counter == 0 && image.stateCounter == 0 && image.envelope == nil)
            let mode = (try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600)
            let message = try #require(refusal(["issuer", "blank-card", "--out", out, "--uid", "0811"]))
            #expect(message.contains("--uid must be 4, 7 or 10 bytes"))
        }
    }

    @Test("enrol-terminal --enrol-members adds an enrolment key and its certificate with the limit and days asked for")
    func enrolmentKey() throws {
        try commands.inFolder { folder in
            let issuerPath = try commands.createIssuer(in: folder)
            let out = folder + "/terminal-12.json"
            try #require(
                try parse(
                    [
                        "issuer", "enrol-terminal", "--issuer", issuerPath, "--id", "12", "--out", out, "--enrol-members",
                        "--enrolment-limit", "250", "--enrol-from", "2026-02-01", "--enrol-until", "2026-07-31",
                    ], as: IssuerCommand.EnrolTerminal.self)
            ).run()
            let credential = try TerminalCredentialFile.load(out).credential()
            let certificate = try #require(credential.enrolment?.certificate)
            #expect(certificate.terminalID == 12 && certificate.highestEnrolment == 250)
            #expect(certificate.firstDay == (try CalendarDate(year: 2026, month: 2, day: 1)))
            #expect(certificate.lastDay == (try CalendarDate(year: 2026, month: 7, day: 31)))
            #expect(certificate.cardClass == .test)
            #expect(certificate.isSigned(by: try IssuerFile.load(issuerPath).issuerPublicKey()))
        }
    }

    @Test(
        "enrolment options are refused when incomplete or out of order",
        arguments: [
            (["--enrol-from", "2026-01-01"], "go with --enrol-members"),
            (["--enrol-members"], "needs --enrol-from and --enrol-until"),
            (["--enrol-members", "--enrol-from", "2026-02-01", "--enrol-until", "2026-01-31"], "is before --enrol-from"),
            (["--enrol-members", "--enrol-from", "2026-01-01", "--enrol-until", "2026-12-31", "--enrolment-limit", "0"], "at least 1"),
        ])
    func refusedOptions(extra: [String], expected: String) throws {
        let message = try #require(
            refusal(
                ["issuer", "enrol-terminal", "--issuer", "/nonexistent/issuer.json", "--id", "3", "--out", "/nonexistent/t.json"] + extra))
        #expect(message.contains(expected), "\(message)")
    }
}
