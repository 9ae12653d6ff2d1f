import ArgumentParser
import Testing

@testable import BackOfficeApp

/// The options of the operators' commands: `pull`, `user add`, `terminal enrol`, `report`.
@Suite("loyalty-backoffice commands: option checks")
struct ClientCommandOptionTests {
    @Test(
        "pull takes ndjson or csv and pages of 1...10000, and needs a token file",
        arguments: [
            (["--token-file", "t", "--format", "json"], "--format must be ndjson or csv"),
            (["--token-file", "t", "--page-size", "0"], "--page-size must be 1...10000"),
            (["--token-file", "t", "--page-size", "10001"], "--page-size must be 1...10000"),
            ([], "--token-file"),
        ])
    func pullRefused(options: [String], expected: String) throws {
        let message = try #require(refusal(["pull"] + options))
        #expect(message.contains(expected), "\(message)")
    }

    @Test("pull's defaults: the local back office, NDJSON, pages of 5000")
    func pullDefaults() throws {
        let pull = try #require(try parse(["pull", "--token-file", "t"], as: PullCommand.self))
        #expect(pull.url == "https://127.0.0.1:8090")
        #expect(pull.format == "ndjson")
        #expect(pull.pageSize == 5000)
    }

    @Test("a user name is 1 to 64 letters, digits, . _ -", arguments: ["bad name", "semi;colon", String(repeating: "a", count: 65), ""])
    func badUserName(name: String) throws {
        let message = try #require(refusal(["user", "add", name]))
        #expect(message.contains("a user name is 1 to 64 letters, digits, '.', '_' or '-'"), "\(message)")
    }

    @Test("a role is auditor or admin")
    func roles() throws {
        #expect(try parse(["user", "add", "ann", "--role", "admin"], as: UserCommand.Add.self)?.role == .admin)
        #expect(try parse(["user", "add", "ann.b-c_1"], as: UserCommand.Add.self)?.role == .auditor)
        #expect(refusal(["user", "add", "ann", "--role", "owner"]) != nil)
    }

    @Test(
        "terminal enrol wants exactly one of --certificate and --credential-file",
        arguments: [
            [], ["--certificate", "e3", "--credential-file", "t.json"],
        ])
    func enrolSource(options: [String]) throws {
        let message = try #require(refusal(["terminal", "enrol", "--issuer-file", "issuer.json"] + options))
        #expect(message.contains("give the terminal's certificate with --certificate or --credential-file (one of them)"), "\(message)")
    }

    @Test("terminal revoke wants a terminal id that is a number")
    func revokeID() throws {
        #expect(try parse(["terminal", "revoke", "12"], as: TerminalCommand.Revoke.self)?.id == 12)
        #expect(refusal(["terminal", "revoke", "till-12"]) != nil)
        #expect(refusal(["terminal", "revoke", "-3"]) != nil)
    }

    @Test("report retention wants both days and a text or json format")
    func retention() throws {
        #expect(refusal(["report", "retention", "--from", "2025-01-01"]) != nil)
        #expect(refusal(["report", "retention", "--from", "2025-01-01", "--to", "2025-01-31", "--format", "xml"]) != nil)
        let report = try #require(
            try parse(
                ["report", "retention", "--from", "2025-01-01", "--to", "2025-01-31", "--utc-offset-minutes", "420", "--format", "json"],
                as: ReportCommand.Retention.self))
        #expect(report.utcOffsetMinutes == 420 && report.format == .json)
    }
}
