import ArgumentParser
import CardProfile
import Crypto
import Foundation
import SyncProtocol

extension PublishCommand {
    /// `publish document-key`: a new document key pair, to be certified by the issuer.
    struct DocumentKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "document-key",
            abstract: "Make a document key (the key every published document is signed with); prints its public key for the issuer.",
            discussion: """
                Then: loyalty-sim issuer certify-document-key --public-key <printed key> --key-id <id> --generation <n>, \\
                and loyalty-backoffice publish document-certificate --document-key <file> --certificate <its output>.
                """)
        @Option(help: "Where to write the key (mode 600; keep it on the back office only).") var output: String
        @Option(help: "The key's id, named in every certificate and refusal.") var keyId: String

        func validate() throws {
            guard !keyId.isEmpty, keyId.utf8.count <= 64, !keyId.contains(where: \.isNewline) else {
                throw ValidationError("--key-id must be 1 to 64 characters on one line")
            }
        }

        func run() throws {
            guard !FileManager.default.fileExists(atPath: output) else { throw BackOfficeFailure("\(output) exists: not overwritten") }
            let key = P256.Signing.PrivateKey()
            let file = DocumentKeyFile(keyId: keyId, key: key)
            try file.save(output)
            print(file.publicKey)
        }
    }

    /// `publish document-certificate`: adds the issuer's certificate to the document key file.
    struct DocumentCertificate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "document-certificate",
            abstract: "Add the issuer's certificate ('loyalty-sim issuer certify-document-key') to a document key file.")
        @Option(help: "The document key file.") var documentKey: String
        @Option(help: "The certificate, JSON.") var certificate: String
        @Option(help: "The issuer's file, to check the certificate's signature (its public key is what is used).")
        var issuerFile: String?

        func run() throws {
            var file = try DocumentKeyFile.read(documentKey)
            let certified: DocumentKeyCertificate
            do {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: certificate)))
                certified = try JSONDecoder().decode(DocumentKeyCertificate.self, from: Data(bytes))
            } catch {
                throw BackOfficeFailure("\(certificate) is not a document key certificate: \(error)")
            }
            if !certified.problems.isEmpty { throw BackOfficeFailure("\(certificate): " + certified.problems.joined(separator: "; ")) }
            if let issuerFile {
                let issuer = try IssuerFile.load(issuerFile)
                guard certified.isCertified(by: try issuer.issuerPublicKey(), programmeID: issuer.programmeID) else {
                    throw BackOfficeFailure("\(certificate) is not signed by the issuer in \(issuerFile) for its programme")
                }
            }
            file.certificate = certified
            _ = try file.signingKey(path: documentKey)
            try file.save(documentKey)
            print("document key \(certified.keyId), generation \(certified.generation), certified until \(certified.notAfter) ms")
        }
    }

    /// `publish revoked-terminals`: the revoked terminals as the store has them, signed again.
    struct RevokedTerminals: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoked-terminals",
            abstract: "Publish the revoked terminals as they stand ('terminal revoke' does so itself when given the document key).")
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let signer = try documentKey.signingKey()
            let published = try await withStore(database) { try await publishRevokedTerminals($0, key: signer) }
            print("revoked-terminals published as version \(published.version), \(published.stepSummary)")
        }
    }

    /// `publish re-sign`: every kind's newest version published again under the given key.
    struct Resign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "re-sign",
            abstract: "Publish every document again, unchanged, under the given document key (after a rotation).",
            discussion: """
                Terminals that take a document signed under the new key's generation refuse, from then on, anything \\
                signed under a lower one: that is how a compromised document key is revoked (docs/operations.md).
                """)
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let signer = try documentKey.signingKey()
            try await withStore(database) { store in
                for kind in DocumentKind.allCases {
                    guard let whole = try await latestWhole(kind, store: store) else { continue }
                    let published = try await publishSigned(kind, whole: whole, key: signer, store: store)
                    print("\(kind.rawValue) published again as version \(published.version) under \(signer.certificate.keyId)")
                }
            }
        }
    }
}
