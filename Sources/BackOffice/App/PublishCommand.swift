import ArgumentParser
import BackOfficeStorage
import CardProfile
import Crypto
import Foundation
import PointsEngine
import SyncProtocol

/// `loyalty-backoffice publish ...`: the documents terminals download (`GET /v1/documents/{kind}`),
/// each publication a new version signed by the document key (`docs/sync-protocol.md`).
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Publish the programme, the block list or event bonuses for terminals to download.",
        discussion: """
            Every document is signed with the document key (--document-key): make it with 'publish document-key', \
            have the issuer certify it ('loyalty-sim issuer certify-document-key'), add the certificate with \
            'publish document-certificate'. docs/operations.md, "Document key", tells how to rotate it.
            """,
        subcommands: [
            SigningKey.self, DocumentKey.self, DocumentCertificate.self, PublishProgramme.self, BlockList.self, Bonuses.self,
            RevokedTerminals.self, Resign.self, Managers.self,
        ])

    /// `{"keyId": ..., "privateKey": hex, "publicKey": hex}`: the back office's programme signing key.
    struct SigningKeyFile: Codable {
        var keyId: String
        var privateKey: String
        var publicKey: String
    }

    struct SigningKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "signing-key",
            abstract: "Make a programme signing key; prints the terminals' programme.trustedKeys entry.")
        @Option(help: "Where to write the key (mode 600; keep it off the terminals).") var output: String
        @Option(help: "The key's id, named in every signed programme.") var keyId: String

        func run() throws {
            guard !FileManager.default.fileExists(atPath: output) else { throw BackOfficeFailure("\(output) exists: not overwritten") }
            let key = P256.Signing.PrivateKey()
            let file = SigningKeyFile(
                keyId: keyId, privateKey: HexText.encode(Array(key.rawRepresentation)),
                publicKey: HexText.encode(Array(key.publicKey.x963Representation)))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            do {
                try OwnerOnlyFile.replace(output, with: Array(try encoder.encode(file)))
            } catch {
                throw BackOfficeFailure("\(output) could not be written: \(error)")
            }
            print(#"{"\#(keyId)": "\#(file.publicKey)"}"#)
        }
    }

    struct PublishProgramme: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "programme",
            abstract: "Check a programme (JSON, docs/programme.md), sign it with the signing key, and publish it.")
        @Option(help: "The programme document.") var file: String
        @Option(help: "The signing key file from 'publish signing-key'.") var signingKey: String
        @Option(
            help: ArgumentHelp(
                "When it comes into force at the terminals: ms since the epoch or ISO 8601 (2026-12-24T06:00:00Z); at once when not given.",
                discussion: "Until then the programme in force stays."))
        var effectiveAt: String?
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            try SecretFileCheck.require(signingKey, holding: "the signing key (--signing-key)")
            let effective = try effectiveAt.map(Self.moment)
            let signer = try documentKey.signingKey()
            let keyFile = try JSONDecoder().decode(SigningKeyFile.self, from: Data(contentsOf: URL(fileURLWithPath: signingKey)))
            guard let raw = HexText.decode(keyFile.privateKey), let key = try? P256.Signing.PrivateKey(rawRepresentation: raw) else {
                throw BackOfficeFailure("\(signingKey) holds no valid private key")
            }
            let document = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            let programme: Programme
            do {
                programme = try Programme.decode(document)
            } catch {
                throw BackOfficeFailure("\(file) is not a valid programme: \(error)")
            }
            let signed = try SignedProgramme.sign(document: document, with: key, keyId: keyFile.keyId)
            let body = Array(try JSONEncoder().encode(signed))
            let published = try await withStore(database) { store in
                // Terminals take only a newer version of the same programme: say so now, not on every terminal.
                if let latest = try await latestWhole(.programme, store: store),
                    let envelope = try? SignedProgramme.decode(envelope: latest),
                    let previous = try? Programme.decode(envelope.programme)
                {
                    guard previous.programmeId == programme.programmeId else {
                        throw BackOfficeFailure(
                            "terminals run programme \(previous.programmeId); \(programme.programmeId) would be refused by them")
                    }
                    guard programme.version > previous.version else {
                        throw BackOfficeFailure(
                            "version \(programme.version) is not newer than the published version \(previous.version): terminals would refuse it"
                        )
                    }
                }
                return try await publishSigned(.programme, whole: body, key: signer, store: store, effectiveAt: effective)
            }
            print(
                "programme \(programme.programmeId) published as version \(published.version), signed by \(keyFile.keyId) and document key \(signer.certificate.keyId)"
                    + (effective.map { ", in force from \($0) ms" } ?? ""))
        }

        /// `ms` since the epoch, or an ISO 8601 moment.
        static func moment(_ text: String) throws -> Int64 {
            if let ms = Int64(text), ms >= 0 { return ms }
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw ValidationError("--effective-at: \(text) is neither ms since the epoch nor an ISO 8601 moment (2026-12-24T06:00:00Z)")
            }
            return Int64(date.timeIntervalSince1970 * 1000)
        }
    }

    struct BlockList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "block-list",
            abstract: "Publish the block list of whole members: member ids, one a line ('#' starts a comment).",
            discussion: """
                The file replaces the members of the list; the cards blocked one by one ('card lost', 'card replace') stay \
                blocked.
                """)
        @Option(help: "The list.") var file: String
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let members = text.split(whereSeparator: \.isNewline)
                .map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "" }
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            let signer = try documentKey.signingKey()
            let (list, published) = try await withStore(database) { store in
                // Lost cards stay blocked: the file names members only.
                let held = try await CardLife.blockList(store: store)
                let list = BlockListDocument(blocked: members, cards: held.cards, erased: try await store.erasedMembers())
                return (list, try await publishSigned(.blockList, whole: try list.encoded(), key: signer, store: store))
            }
            print(
                "block list of \(list.blocked.count) members" + (list.cards.isEmpty ? "" : " and \(list.cards.count) lost cards")
                    + " published as version \(published.version), "
                    + published.stepSummary)
        }
    }

    struct Bonuses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish granted event bonuses for terminals to pay at each member's next tap.",
            discussion: """
                The file is {"grants": [{"member": "M-1", "sequence": 1, "kind": "review"}, ...]}: each member's grants \
                numbered 1, 2, 3..., kinds from the programme's events (docs/programme.md §3.6). A card remembers the \
                highest number it was paid, so list every grant: each is paid once.
                """)
        @Option(help: "The grants, JSON.") var file: String
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let document: BonusGrantsDocument
            do {
                document = try BonusGrantsDocument.decode(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            } catch {
                throw BackOfficeFailure("\(file) cannot be published: \(error)")
            }
            let body = try document.encoded()
            let signer = try documentKey.signingKey()
            let published = try await withStore(database) { try await publishSigned(.bonuses, whole: body, key: signer, store: $0) }
            print("\(document.grants.count) grants for \(document.byMember.count) members published as version \(published.version)")
        }
    }
}
