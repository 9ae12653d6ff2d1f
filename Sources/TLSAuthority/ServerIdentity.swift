import Crypto
import Foundation
import X509

/// A server certificate and its key, as `serve` presents them.
public struct ServerIdentity: Sendable {
    /// How long a new server certificate is valid: one year.
    public static let lifetime: TimeInterval = 365 * 86_400
    /// A server certificate this close to its end is renewed at the next start.
    public static let renewalMargin: TimeInterval = 30 * 86_400

    public let certificate: Certificate
    let key: P256.Signing.PrivateKey

    init(certificate: Certificate, key: P256.Signing.PrivateKey) {
        self.certificate = certificate
        self.key = key
    }

    /// The certificate and key in PEM text, checked to belong together.
    init(certificatePEM: String, keyPEM: String) throws {
        let certificate: Certificate
        let key: P256.Signing.PrivateKey
        do {
            certificate = try Certificate(pemEncoded: certificatePEM)
            key = try P256.Signing.PrivateKey(pemRepresentation: keyPEM)
        } catch {
            throw TLSAuthorityError("not a PEM certificate and P-256 key (\(error))")
        }
        guard certificate.publicKey == Certificate.PublicKey(key.publicKey) else {
            throw TLSAuthorityError("the key is not the certificate's")
        }
        self.init(certificate: certificate, key: key)
    }

    public var certificatePEM: String {
        get throws { try certificate.serializeAsPEM().pemString + "\n" }
    }

    public var keyPEM: String { key.pemRepresentation + "\n" }

    /// Why this certificate should not be presented any more at `now`, or `nil` when it may.
    func renewalReason(names: ServerNames, authority: CertificateAuthority, now: Date) -> String? {
        if !authority.signed(certificate) { return "it is not signed by the authority in the folder" }
        if !names.match(certificate) { return "its names are not \(names.names.joined(separator: ", "))" }
        if certificate.notValidBefore > now + 60 { return "it is not valid yet" }
        let renewAt = min(certificate.notValidAfter, authority.certificate.notValidAfter) - Self.renewalMargin
        if renewAt <= now { return "it ends on \(certificate.notValidAfter)" }
        return nil
    }
}
