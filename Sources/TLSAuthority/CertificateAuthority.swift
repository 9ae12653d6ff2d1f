import Crypto
import Foundation
import SwiftASN1
import X509

/// The back office's own certificate authority: a P-256 key and a self-signed certificate,
/// valid for ``lifetime``; it signs the server certificates terminals are told to trust.
public struct CertificateAuthority: Sendable {
    /// How long a new authority is valid: ten years.
    public static let lifetime: TimeInterval = 10 * 365 * 86_400

    public let certificate: Certificate
    let key: P256.Signing.PrivateKey

    /// A new authority named `name`, valid from a minute before `now` (clocks of terminals differ).
    public static func make(name: String, now: Date) throws -> CertificateAuthority {
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            OrganizationName("LoyaltyTerminal back office")
            CommonName(name)
        }
        let publicKey = Certificate.PublicKey(key.publicKey)
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now - 60, notValidAfter: now + lifetime, issuer: subject, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: publicKey)
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        return CertificateAuthority(certificate: certificate, key: key)
    }

    /// The authority in PEM text (certificate, key), checked to belong together.
    public init(certificatePEM: String, keyPEM: String) throws {
        let certificate: Certificate
        do {
            certificate = try Certificate(pemEncoded: certificatePEM)
        } catch {
            throw TLSAuthorityError("not a PEM certificate (\(error))")
        }
        let key: P256.Signing.PrivateKey
        do {
            key = try P256.Signing.PrivateKey(pemRepresentation: keyPEM)
        } catch {
            throw TLSAuthorityError("not a P-256 private key in PEM (\(error))")
        }
        guard certificate.publicKey == Certificate.PublicKey(key.publicKey) else {
            throw TLSAuthorityError("the key is not the certificate's")
        }
        guard case .isCertificateAuthority = try certificate.extensions.basicConstraints else {
            throw TLSAuthorityError("the certificate is not a certificate authority's")
        }
        self.init(certificate: certificate, key: key)
    }

    init(certificate: Certificate, key: P256.Signing.PrivateKey) {
        self.certificate = certificate
        self.key = key
    }

    /// The certificate in PEM, what terminals are given to trust.
    public var certificatePEM: String {
        get throws { try certificate.serializeAsPEM().pemString + "\n" }
    }

    /// The private key in PEM (kept in a file readable by its owner only).
    public var keyPEM: String { key.pemRepresentation + "\n" }

    /// A server certificate for `names` with a new P-256 key, valid for `lifetime` from a minute
    /// before `now` (never past the authority's own end).
    public func issueServerCertificate(
        names: ServerNames, now: Date, lifetime: TimeInterval = ServerIdentity.lifetime
    ) throws -> ServerIdentity {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let subject = try DistinguishedName {
            OrganizationName("LoyaltyTerminal back office")
            CommonName(names.names.first ?? "localhost")
        }
        let authorityKeyID = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now - 60, notValidAfter: min(now + lifetime, self.certificate.notValidAfter),
            issuer: self.certificate.subject, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names.generalNames)
                SubjectKeyIdentifier(hash: publicKey)
                if let authorityKeyID { AuthorityKeyIdentifier(keyIdentifier: authorityKeyID) }
            },
            issuerPrivateKey: Certificate.PrivateKey(self.key))
        return ServerIdentity(certificate: certificate, key: key)
    }

    /// Whether `text` holds a certificate in PEM (an authority given by the operator).
    public static func isPEMCertificate(_ text: String) -> Bool { (try? Certificate(pemEncoded: text)) != nil }

    /// Whether `certificate` carries this authority's signature.
    public func signed(_ certificate: Certificate) -> Bool {
        certificate.issuer == self.certificate.subject
            && self.certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
    }
}
