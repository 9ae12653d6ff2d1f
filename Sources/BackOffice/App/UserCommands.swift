import ArgumentParser
import BackOffice
import BackOfficeStorage
import CardProfile
import Foundation

/// `loyalty-backoffice user add|remove|list`: who may pull journals and administer.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage back-office users (bearer tokens with a role).",
        subcommands: [Add.self, Remove.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user and print their token (shown this once; the back office keeps only its SHA-256).")
        @Argument(help: "The user's name (letters, digits, . _ -; at most 64).") var name: String
        @Option(help: "auditor (pull journals, read terminals and alarms) or admin.") var role: Role = .auditor
        @Option(help: "Also write the token to this file (mode 600).") var tokenFile: String?
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (1...64).contains(name.count), name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
                throw ValidationError("a user name is 1 to 64 letters, digits, '.', '_' or '-'")
            }
        }

        func run() async throws {
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
                        BackOfficeUser(name: name, role: role, tokenDigest: UserToken.digest(of: token), createdAt: nowMilliseconds()))
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
        static let configuration = CommandConfiguration(abstract: "Remove a user: their token stops working at once.")
        @Argument var name: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await withStore(database) { try await $0.removeUser(named: name) }
            print("user \(name) removed")
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
