import Crypto
import Foundation

/// The issuer's word that a document key may sign what the back office publishes.
///
/// The issuer key stays offline; it certifies a document key, which the back office keeps and
/// signs every document with (``SignedDocument``). `generation` numbers the keys: rotating the
/// key certifies a new one with a higher generation, and a terminal that has seen generation
/// `g` refuses documents signed under a lower one, which is how a compromised key is revoked.
///
/// JSON: `{"generation": 1, "keyId": "dk-1", "notAfter": ms, "notBefore": ms, "programmeID": n,
/// "publicKey": base64 (65 bytes, uncompressed P-256), "signature": base64 (r ‖ s)}`. The issuer
/// signs (ECDSA P-256, SHA-256) the UTF-8 text of these lines joined by `\n`:
/// ```
/// LOYALTY-DOCUMENT-KEY-1
/// <programmeID>
/// <keyId>
/// <generation>
/// <notBefore, ms since the epoch>
/// <notAfter, ms since the epoch>
/// <publicKey, base64>
/// ```
public struct DocumentKeyCertificate: Codable, Sendable, Equatable {
    /// The card programme the issuer runs (the terminals' `trust.programmeID`).
    public var programmeID: UInt32
    /// A name for the key, printed in logs and refusals.
    public var keyId: String
    /// The rotation number, from 1; only goes up.
    public var generation: UInt32
    /// The first moment documents may be issued under the key, ms since the epoch.
    public var notBefore: Int64
    /// The last moment documents may be issued under the key, ms since the epoch.
    public var notAfter: Int64
    /// The document key's public key, base64 of its 65-byte uncompressed form.
    public var publicKey: String
    /// The issuer's signature of ``canonicalText``, base64 of `r ‖ s`.
    public var signature: String

    /// The text the issuer signs.
    public var canonicalText: String {
        ["LOYALTY-DOCUMENT-KEY-1", String(programmeID), keyId, String(generation), String(notBefore), String(notAfter), publicKey]
            .joined(separator: "\n")
    }

    /// Certifies `key` with the issuer's private key.
    public static func certify(
        _ key: P256.Signing.PublicKey, keyId: String, generation: UInt32, notBefore: Int64, notAfter: Int64, by issuer: Issuer
    ) -> DocumentKeyCertificate {
        var certificate = DocumentKeyCertificate(
            programmeID: issuer.programmeID, keyId: keyId, generation: generation, notBefore: notBefore, notAfter: notAfter,
            publicKey: Base64Text.encode(ProfileKeys.bytes(of: key)), signature: "")
        certificate.signature = Base64Text.encode(ProfileKeys.sign(Array(certificate.canonicalText.utf8), with: issuer.privateKey))
        return certificate
    }

    /// The problems of its form, whoever signed it.
    public var problems: [String] {
        var problems: [String] = []
        if keyId.isEmpty || keyId.utf8.count > 64 || keyId.contains(where: \.isNewline) {
            problems.append("keyId must be 1 to 64 characters on one line")
        }
        if generation == 0 { problems.append("generations start at 1") }
        if notAfter <= notBefore { problems.append("notAfter must be after notBefore") }
        if (try? key()) == nil { problems.append("publicKey is not a base64 P-256 public key") }
        return problems
    }

    /// The certified key.
    public func key() throws -> P256.Signing.PublicKey {
        guard let bytes = Base64Text.decode(publicKey) else { throw CardProfileError.invalidKey("publicKey is not base64") }
        return try ProfileKeys.publicKey(bytes)
    }

    /// True when the form is sound and `issuerKey` signed it for `programmeID`.
    public func isCertified(by issuerKey: P256.Signing.PublicKey, programmeID: UInt32) -> Bool {
        guard problems.isEmpty, self.programmeID == programmeID, let signature = Base64Text.decode(signature) else { return false }
        return ProfileKeys.verify(signature, of: Array(canonicalText.utf8), by: issuerKey)
    }

    /// The certificate as JSON, keys sorted.
    public func encoded() throws -> [UInt8] { Array(try JSONEncoder.documentEncoder.encode(self)) }
}
