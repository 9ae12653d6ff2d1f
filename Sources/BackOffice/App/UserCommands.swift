import ArgumentParser
import BackOffice
import BackOfficeStorage
import CardProfile
import Foundation

/// `loyalty-backoffice user add|remove|list`: who may pull journals and administer.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage back-office users (bearer tokens and console passwords, with a role).",
        subcommands: [Add.self, Remove.self, SetPassword.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user and print their token (shown this once; the back office keeps only its SHA-256).")
        @Argument(help: "The user's name (letters, digits, . _ -; at most 64).") var name: String
        @Option(help: "auditor (read-only), support (also members, lost cards, privacy requests) or admin.") var role: Role =
            .auditor
        @Option(help: "Also write the token to this file (mode 600).") var tokenFile: String?
        @Option(help: "The console password: the first line of this file (mode 600; at least 10 characters).") var passwordFile: String?
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard BackOfficeUser.isValidName(name) else {
                throw ValidationError("a user name is 1 to 64 letters, digits, '.', '_' or '-'")
            }
        }

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let passwordHash = try passwordFile.map { try ConsolePassword.hash(fromFile: $0).text }
            let token = UserToken.generate()
            if let tokenFile {
                do {
                    try OwnerOnlyFile.replace(tokenFile, with: Array((token + "\n").utf8))
                } catch {
                    throw BackOfficeFailure("\(tokenFile) could not be written (\(error)); the user is not added")
                }
            }
            do {
                try await withStore(database) { store in
                    try await store.addUser(
                        BackOfficeUser(
                            name: name, role: role, tokenDigest: UserToken.digest(of: token), createdAt: nowMilliseconds(),
                            passwordHash: passwordHash))
                    try await AuditTrail.record(
                        "user.add", subject: "user \(name)",
                        detail: ["role": role.rawValue, "password": passwordHash == nil ? "no" : "yes"], store: store)
                }
            } catch {
                // A token for no user is of no use to anyone.
                if let tokenFile { try? FileManager.default.removeItem(atPath: tokenFile) }
                throw error
            }
            print(token)
            FileHandle.standardError.write(Data("user \(name) added as \(role.rawValue); the token above is not shown again\n".utf8))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a user: their token stops working and their console sessions end at once.")
        @Argument var name: String
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            try await withStore(database) { store in
                try await store.removeUser(named: name)
                try await AuditTrail.record("user.remove", subject: "user \(name)", store: store)
            }
            print("user \(name) removed")
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's console password (kept only as a slow salted hash).")
        @Argument var name: String
        @Option(help: "The password: the first line of this file (mode 600; at least 10 characters).") var passwordFile: String
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let hash = try ConsolePassword.hash(fromFile: passwordFile)
            try await withStore(database) { store in
                try await store.setPassword(named: name, hash: hash.text)
                try await AuditTrail.record("user.set-password", subject: "user \(name)", store: store)
            }
            print("the console password of \(name) is set")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users and their roles.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            for user in try await withStore(database, { try await $0.users() }) {
                print("\(user.name)\t\(user.role.rawValue)\tadded \(Date(timeIntervalSince1970: Double(user.createdAt) / 1000))")
            }
        }
    }
}

extension Role: ExpressibleByArgument {}

/// A console password read from a file: owner-only, its first line trimmed, long enough.
enum ConsolePassword {
    static func hash(fromFile path: String) throws -> PasswordHash {
        try SecretFileCheck.require(path, holding: "the password file")
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw BackOfficeFailure("\(path) cannot be read: \(error)")
        }
        let password = text.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        if let problem = PasswordHash.problem(with: password) { throw BackOfficeFailure("\(path): \(problem)") }
        return try PasswordHash.make(password: password)
    }
}
