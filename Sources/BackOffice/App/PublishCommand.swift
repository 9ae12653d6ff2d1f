import ArgumentParser
import BackOfficeStorage
import CardProfile
import Crypto
import Foundation
import PointsEngine
import SyncProtocol

/// `loyalty-backoffice publish ...`: the documents terminals download (`GET /v1/documents/{kind}`),
/// each publication a new version.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Publish the programme, the block list or event bonuses for terminals to download.",
        subcommands: [SigningKey.self, PublishProgramme.self, BlockList.self, Bonuses.self])

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
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try SecretFileCheck.require(signingKey, holding: "the signing key (--signing-key)")
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
                if let latest = try await store.latest(.programme),
                    let envelope = try? SignedProgramme.decode(envelope: latest.body),
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
                return try await store.publish(kind: .programme, body: body, at: nowMilliseconds())
            }
            print("programme \(programme.programmeId) published as version \(published.version), signed by \(keyFile.keyId)")
        }
    }

    struct BlockList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "block-list",
            abstract: "Publish the block list: member ids of lost or stolen cards, one a line ('#' starts a comment).")
        @Option(help: "The list.") var file: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let members = text.split(whereSeparator: \.isNewline)
                .map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "" }
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            let list = BlockListDocument(blocked: members)
            let body = try list.encoded()
            let published = try await withStore(database) { try await $0.publish(kind: .blockList, body: body, at: nowMilliseconds()) }
            print("block list of \(list.blocked.count) members published as version \(published.version)")
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
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let document: BonusGrantsDocument
            do {
                document = try BonusGrantsDocument.decode(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            } catch {
                throw BackOfficeFailure("\(file) cannot be published: \(error)")
            }
            let body = try document.encoded()
            let published = try await withStore(database) { try await $0.publish(kind: .bonuses, body: body, at: nowMilliseconds()) }
            print("\(document.grants.count) grants for \(document.byMember.count) members published as version \(published.version)")
        }
    }
}
