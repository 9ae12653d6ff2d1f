import ArgumentParser
import BackOfficeStorage
import Foundation
import Testing

@testable import BackOfficeApp

/// Users' console passwords and the audit rows the commands write, run for real on a SQLite
/// store in a folder of their own.
@Suite("loyalty-backoffice user passwords and audit, run")
struct AuditCommandRunTests {
    static func passwordFile(_ folder: String, _ password: String, mode: Int = 0o600) -> String {
        let path = folder + "/password-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: path, contents: Data("  \(password)  \n".utf8), attributes: [.posixPermissions: mode])
        return path
    }

    static func run(_ arguments: [String]) async throws {
        let command = try LoyaltyBackOfficeCommand.parseAsRoot(arguments)
        guard var command = command as? any AsyncParsableCommand else { throw ValidationError("not an async command") }
        try await command.run()
    }

    @Test("user add --password-file and set-password keep a slow salted hash; short passwords and open files are refused")
    func passwords() async throws {
        try await inFolder { folder in
            let database = "sqlite:" + folder + "/backoffice.sqlite"
            try await Self.run(
                [
                    "user", "add", "ana", "--role", "support", "--password-file", Self.passwordFile(folder, "first password"), "--database",
                    database,
                ])
            let options = try DatabaseOptions.parse(["--database", database])
            var stored = try #require(try await withStore(options) { try await $0.user(named: "ana") })
            #expect(stored.role == .support)
            var hash = try #require(stored.passwordHash.flatMap(PasswordHash.init(text:)))
            #expect(hash.iterations == PasswordHash.defaultIterations)
            #expect(hash.salt.count == 16)
            #expect(hash.matches("first password"), "the line is trimmed")
            #expect(!hash.matches("  first password  "))
            #expect(!(stored.passwordHash ?? "").contains("first password"))

            try await Self.run(
                ["user", "set-password", "ana", "--password-file", Self.passwordFile(folder, "second password"), "--database", database])
            stored = try #require(try await withStore(options) { try await $0.user(named: "ana") })
            hash = try #require(stored.passwordHash.flatMap(PasswordHash.init(text:)))
            #expect(hash.matches("second password"))
            #expect(!hash.matches("first password"))

            await #expect(throws: (any Error).self) {
                try await Self.run(
                    ["user", "set-password", "ana", "--password-file", Self.passwordFile(folder, "short"), "--database", database])
            }
            await #expect(throws: (any Error).self) {
                try await Self.run(
                    [
                        "user", "set-password", "ana", "--password-file", Self.passwordFile(folder, "readable by all", mode: 0o644),
                        "--database", database,
                    ])
            }
            stored = try #require(try await withStore(options) { try await $0.user(named: "ana") })
            #expect(stored.passwordHash.flatMap(PasswordHash.init(text:))?.matches("second password") == true)
        }
    }

    @Test("user add, set-password and remove are audited with the Unix user and --reason; the export re-verifies")
    func auditedActs() async throws {
        try await inFolder { folder in
            let database = "sqlite:" + folder + "/backoffice.sqlite"
            try await Self.run(["user", "add", "bo", "--role", "admin", "--reason", "new manager", "--database", database])
            try await Self.run(
                ["user", "set-password", "bo", "--password-file", Self.passwordFile(folder, "a long password"), "--database", database])
            try await Self.run(["user", "remove", "bo", "--reason", "left the company", "--database", database])

            let options = try DatabaseOptions.parse(["--database", database])
            let rows = try await withStore(options) { try await $0.auditRecords(after: 0, limit: 10) }
            #expect(rows.map(\.action) == ["user.add", "user.set-password", "user.remove"])
            #expect(rows.allSatisfy { $0.actor == AuditTrail.commandLineActor() && $0.actor.hasPrefix("cli:") && $0.subject == "user bo" })
            #expect(rows.map(\.reason) == ["new manager", "", "left the company"])
            #expect(rows[0].detail.contains(#""role":"admin""#))

            let output = folder + "/audit.jsonl"
            try await Self.run(["audit", "export", "--output", output, "--database", database])
            let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
            let exported = try lines.map { try JSONDecoder().decode(AuditRecord.self, from: Data($0.utf8)) }
            #expect(exported.count == 4)
            #expect(exported.last?.action == "audit.export")
            // An outside reader re-verifies the export with the documented encoding alone.
            #expect(AuditChain.firstProblem(in: exported, after: 0, hash: AuditChain.genesis) == nil)
            for (index, row) in exported.enumerated() {
                #expect(row.previousHash == (index == 0 ? AuditChain.genesis : exported[index - 1].hash))
            }
            try await Self.run(["audit", "verify", "--database", database])
        }
    }
}
