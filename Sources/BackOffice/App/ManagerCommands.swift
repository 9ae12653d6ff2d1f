import ArgumentParser
import BackOfficeStorage
import Foundation
import SyncProtocol

/// `loyalty-backoffice manager add|remove|list`: who may approve operations at the tills. Each
/// change publishes a new signed version of `managers` for terminals to download; a PIN is read
/// from a file or standard input and published only as its salted PBKDF2-HMAC-SHA256 hash.
struct ManagerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manager", abstract: "Manage the managers who approve adjustments and reversals at the tills.",
        discussion: """
            A manager proves who they are at the till with a card (a member card whose card key id is listed, \
            authenticated as any member card) or a PIN (4 to 12 digits; terminals hold only its salted slow hash). \
            docs/backoffice.md, "Managers".
            """,
        subcommands: [Add.self, Remove.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a manager, or change one (their cards and PIN are replaced by those given).")
        @Option(help: "The manager's id, journaled with each approval (1 to 64 bytes).") var id: String
        @Option(help: "The manager's name.") var name: String = ""
        @Option(help: "A card key id of the manager's card (16 hex digits); repeat for several.") var card: [String] = []
        @Option(help: "A file whose first line is the PIN (keep it 0600), or - for standard input.") var pinFile: String?
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            var cards: [String] = []
            for text in card {
                guard let normalised = CardKeyID.normalised(text) else { throw ValidationError("\(text) is not a card key id") }
                cards.append(normalised)
            }
            var pin: ManagerPIN?
            if let pinFile {
                let text = pinFile == "-" ? readLine(strippingNewline: true) ?? "" : try String(contentsOfFile: pinFile, encoding: .utf8)
                let digits = text.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
                guard ManagerPIN.isValid(pin: digits) else { throw ValidationError("the PIN must be 4 to 12 digits") }
                pin = try ManagerPIN.make(pin: digits)
            }
            guard !cards.isEmpty || pin != nil else { throw ValidationError("give at least one --card or a --pin-file") }
            let manager = ManagersDocument.Manager(id: id, name: name, cards: cards, pin: pin)
            let signer = try documentKey.signingKey()
            let (document, version) = try await withStore(database) { store in
                let current = try await ManagerCommand.current(store: store)
                let document = ManagersDocument(managers: current.managers.filter { $0.id != id } + [manager])
                return (document, try await ManagerCommand.publish(document, key: signer, store: store))
            }
            print("manager \(id) saved: managers version \(version), \(document.managers.count) managers")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a manager: terminals refuse their approvals once synced.")
        @Option(help: "The manager's id.") var id: String
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let signer = try documentKey.signingKey()
            let version = try await withStore(database) { store in
                let current = try await ManagerCommand.current(store: store)
                guard current.manager(id: id) != nil else { throw BackOfficeFailure("\(id) is not a manager") }
                return try await ManagerCommand.publish(
                    ManagersDocument(managers: current.managers.filter { $0.id != id }), key: signer, store: store)
            }
            print("manager \(id) removed: managers version \(version)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the managers published (never their PINs).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let current = try await withStore(database) { try await ManagerCommand.current(store: $0) }
            for manager in current.managers {
                print(
                    "\(manager.id)\t\(manager.name)\tcards: \(manager.cards.isEmpty ? "-" : manager.cards.joined(separator: ","))"
                        + "\tPIN: \(manager.pin == nil ? "no" : "yes")")
            }
        }
    }

    /// The managers published last (none yet: an empty list).
    static func current(store: any LedgerStore) async throws -> ManagersDocument {
        guard let whole = try await latestWhole(.managers, store: store) else { return .empty }
        return try ManagersDocument.decode(whole)
    }

    /// Signs and stores `document` as the next version; answers the version.
    static func publish(_ document: ManagersDocument, key: DocumentSigningKey, store: any LedgerStore) async throws -> Int64 {
        guard document.problems.isEmpty else {
            throw BackOfficeFailure("managers cannot be published: \(document.problems.joined(separator: "; "))")
        }
        return try await publishSigned(.managers, whole: try document.encoded(), key: key, store: store).version
    }
}

extension PublishCommand {
    /// `publish managers --file F`: the whole managers list, PINs already hashed (as `manager add` makes them).
    struct Managers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish the whole managers list from a file (docs/sync-protocol.md, \"Managers\").",
            discussion: """
                The file is {"managers": [{"id": "M-1", "name": "Lan", "cards": ["0123456789ABCDEF"], "pin": {"algorithm": \
                "pbkdf2-sha256", "iterations": 210000, "salt": base64, "hash": base64}}]}: PINs only as hashes. \
                'manager add --pin-file' hashes a PIN for you.
                """)
        @Option(help: "The managers, JSON.") var file: String
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let document: ManagersDocument
            do {
                document = try ManagersDocument.decode(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            } catch {
                throw BackOfficeFailure("\(file) cannot be published: \(error)")
            }
            let signer = try documentKey.signingKey()
            let version = try await withStore(database) { try await ManagerCommand.publish(document, key: signer, store: $0) }
            print("\(document.managers.count) managers published as version \(version)")
        }
    }
}
