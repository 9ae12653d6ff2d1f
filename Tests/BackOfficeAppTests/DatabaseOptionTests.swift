import ArgumentParser
import BackOfficeStorage
import Foundation
import Logging
import Testing

@testable import BackOfficeApp

/// `--database`: which store it opens, what it refuses, and how it shows in messages.
@Suite("loyalty-backoffice --database")
struct DatabaseOptionTests {
    let logger = Logger(label: "test.database-option")

    @Test(
        "a password in a postgres:// URL is hidden in messages; other values are shown as given",
        arguments: [
            ("postgres://loyalty:s3cret@db.example:5432/ledger", "postgres://loyalty:***@db.example:5432/ledger"),
            ("postgres://loyalty@db.example/ledger", "postgres://loyalty@db.example/ledger"),
            ("sqlite:/var/lib/loyalty/backoffice.sqlite", "sqlite:/var/lib/loyalty/backoffice.sqlite"),
        ])
    func redacted(value: String, shown: String) throws {
        let options = try DatabaseOptions.parse(["--database", value])
        #expect(options.redacted == shown)
        #expect(!options.redacted.contains("s3cret"))
    }

    @Test(
        "a value that is neither sqlite: nor postgres:// is refused as the operator's mistake",
        arguments: ["mysql://x/y", "backoffice.sqlite", ""])
    func unknownScheme(value: String) async throws {
        let options = try DatabaseOptions.parse(["--database", value])
        await #expect(throws: ValidationError.self) { _ = try await options.open(logger: logger) }
    }

    @Test("a SQLite file that cannot be made is a failure naming the database")
    func unopenable() async throws {
        let options = try DatabaseOptions.parse(["--database", "sqlite:/nonexistent-folder/backoffice.sqlite"])
        let failure = await #expect(throws: BackOfficeFailure.self) { _ = try await options.open(logger: logger) }
        #expect(failure?.description.contains("the database sqlite:/nonexistent-folder/backoffice.sqlite cannot be opened") == true)
    }

    @Test("a postgres URL's password does not reach the failure message")
    func postgresFailureRedacted() async throws {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let options = try DatabaseOptions.parse(["--database", "postgres://loyalty:s3cret@127.0.0.1:1/ledger"])
        let failure = await #expect(throws: BackOfficeFailure.self) { _ = try await options.open(logger: logger) }
        #expect(failure?.description.contains("loyalty:***@127.0.0.1:1") == true)
        #expect(failure?.description.contains("s3cret") == false)
    }

    @Test("sqlite:PATH creates the store at the current schema; opened again, it keeps what it holds")
    func sqliteStore() async throws {
        try await inFolder { folder in
            let options = try DatabaseOptions.parse(["--database", "sqlite:" + folder + "/backoffice.sqlite"])
            try await withStore(options, logger: logger) { store in
                try await store.addUser(
                    BackOfficeUser(name: "kept", role: .admin, tokenDigest: Array(repeating: 7, count: 32), createdAt: 1))
            }
            #expect(FileManager.default.fileExists(atPath: folder + "/backoffice.sqlite"))
            let users = try await withStore(options, logger: logger) { try await $0.users() }
            #expect(users.map(\.name) == ["kept"])
            #expect(users.first?.role == .admin)
        }
    }
}
