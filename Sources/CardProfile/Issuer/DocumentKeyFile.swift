import Crypto
import Foundation

/// The back office's document key as a JSON file (`loyalty-backoffice publish document-key`),
/// mode 600: `{"keyId": ..., "privateKey": hex, "publicKey": hex, "certificate": {...}}`; the
/// certificate (``DocumentKeyCertificate``) is added once the issuer signed it
/// (`loyalty-backoffice publish document-certificate`).
public struct DocumentKeyFile: Codable, Sendable {
    public var keyId: String
    public var privateKey: String
    public var publicKey: String
    public var certificate: DocumentKeyCertificate?

    public init(keyId: String, key: P256.Signing.PrivateKey, certificate: DocumentKeyCertificate? = nil) {
        self.keyId = keyId
        privateKey = HexText.encode(Array(key.rawRepresentation))
        publicKey = HexText.encode(ProfileKeys.bytes(of: key.publicKey))
        self.certificate = certificate
    }

    /// A fresh key certified at once by `issuer` (tests and the simulator, whose issuer is at hand),
    /// valid from a minute ago for `days`.
    public static func certified(
        keyId: String, generation: UInt32, by issuer: Issuer, now: Int64 = Int64(Date().timeIntervalSince1970 * 1000), days: Int64 = 365
    ) -> DocumentKeyFile {
        let key = P256.Signing.PrivateKey()
        let certificate = DocumentKeyCertificate.certify(
            key.publicKey, keyId: keyId, generation: generation, notBefore: now - 60_000, notAfter: now + days * 86_400_000, by: issuer)
        return DocumentKeyFile(keyId: keyId, key: key, certificate: certificate)
    }

    /// The private key.
    public func key() throws(CardProfileError) -> P256.Signing.PrivateKey {
        guard let raw = HexText.decode(privateKey), let key = try? P256.Signing.PrivateKey(rawRepresentation: raw) else {
            throw .invalidKey("the document key file holds no valid private key")
        }
        return key
    }

    public static func load(_ path: String) throws -> DocumentKeyFile {
        try JSONDecoder().decode(DocumentKeyFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes the file, readable by its owner only.
    public func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try OwnerOnlyFile.replace(path, with: Array(try encoder.encode(self)))
    }
}
