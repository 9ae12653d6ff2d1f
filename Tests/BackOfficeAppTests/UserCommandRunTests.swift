import ArgumentParser
import BackOffice
import BackOfficeStorage
import Foundation
import Testing

@testable import BackOfficeApp

/// `user add|remove` and `migrate` run for real on a SQLite store in a folder of their own.
@Suite("loyalty-backoffice user and migrate, run")
struct UserCommandRunTests {
    @Test("user add writes the token file (mode 600) and the store keeps only the token's digest")
    func addUser() async throws {
        try await inFolder { folder in
            let database = "sqlite:" + folder + "/backoffice.sqlite"
            let tokenFile = folder + "/ann.token"
            let add = try #require(
                try parse(
                    ["user", "add", "ann", "--role", "admin", "--token-file", tokenFile, "--database", database], as: UserCommand.Add.self))
            try await add.run()

            let token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(token.hasPrefix("lbo_") && token.count == 47)
            let mode = try FileManager.default.attributesOfItem(atPath: tokenFile)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let options = try DatabaseOptions.parse(["--database", database])
            let user = try await withStore(options) { try await $0.user(tokenDigest: UserToken.digest(of: token)) }
            #expect(user?.name == "ann")
            #expect(user?.role == .admin)
        }
    }

    @Test("a second user of the same name is refused and its token file removed")
    func duplicateUser() async throws {
        try await inFolder { folder in
            let database = "sqlite:" + folder + "/backoffice.sqlite"
            try await #require(try parse(["user", "add", "ann", "--database", database], as: UserCommand.Add.self)).run()
            let second = try #require(
                try parse(
                    ["user", "add", "ann", "--token-file", folder + "/again.token", "--database", database], as: UserCommand.Add.self))
            await #expect(throws: (any Error).self) { try await second.run() }
            #expect(!FileManager.default.fileExists(atPath: folder + "/again.token"))
        }
    }

    @Test("user remove takes the user away")
    func removeUser() async throws {
        try await inFolder { folder in
            let database = "sqlite:" + folder + "/backoffice.sqlite"
            try await #require(try parse(["user", "add", "ann", "--database", database], as: UserCommand.Add.self)).run()
            try await #require(try parse(["user", "add", "bob", "--database", database], as: UserCommand.Add.self)).run()
            try await #require(try parse(["user", "remove", "ann", "--database", database], as: UserCommand.Remove.self)).run()
            let users = try await withStore(try DatabaseOptions.parse(["--database", database])) { try await $0.users() }
            #expect(users.map(\.name) == ["bob"])
        }
    }

    @Test("migrate creates the database file")
    func migrate() async throws {
        try await inFolder { folder in
            let path = folder + "/fresh.sqlite"
            try await #require(try parse(["migrate", "--database", "sqlite:" + path], as: MigrateCommand.self)).run()
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }
}
