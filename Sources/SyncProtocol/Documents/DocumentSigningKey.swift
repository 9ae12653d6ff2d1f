import CardProfile
import Crypto

/// The back office's document key and the issuer's certificate for it: what signs every
/// published version (``SignedDocument``).
public struct DocumentSigningKey: Sendable {
    public let privateKey: P256.Signing.PrivateKey
    public let certificate: DocumentKeyCertificate

    /// Pairs a key with its certificate; thrown when the certificate is for another key.
    public init(privateKey: P256.Signing.PrivateKey, certificate: DocumentKeyCertificate) throws(PublishedDocumentError) {
        guard let certified = try? certificate.key(), certified.x963Representation == privateKey.publicKey.x963Representation else {
            throw PublishedDocumentError(problems: ["the certificate \(certificate.keyId) is for another key"])
        }
        self.privateKey = privateKey
        self.certificate = certificate
    }

    /// One publication: the version as terminals fetch it step by step (a delta from the version
    /// before, or a snapshot when the kind is always whole or has no signed version before) and the
    /// whole document at this version (a snapshot, for terminals too far behind).
    public struct Publication: Sendable {
        public var step: SignedDocument
        public var snapshot: SignedDocument
        /// The whole document, canonical.
        public var state: [UInt8]
    }

    /// Signs version `previous.version + 1` of `kind` whose whole document is `whole`.
    /// - Parameter previous: the newest signed version and its whole document; nil when none.
    public func publication(
        kind: DocumentKind, whole: [UInt8], previous: (version: Int64, state: [UInt8])?, version: Int64, issuedAt: Int64,
        effectiveAt: Int64? = nil
    ) throws(PublishedDocumentError) -> Publication {
        let state = try kind.canonical(whole)
        let digest = SignedDocument.digest(state)
        let snapshot = SignedDocument.sign(
            kind: kind, version: version, base: 0, issuedAt: issuedAt, effectiveAt: effectiveAt, body: state, state: digest,
            key: privateKey, certificate: certificate)
        guard kind.deltaType != nil, let previous else { return Publication(step: snapshot, snapshot: snapshot, state: state) }
        let change = try kind.change(from: previous.state, to: state)
        let delta = SignedDocument.sign(
            kind: kind, version: version, base: previous.version, issuedAt: issuedAt, effectiveAt: effectiveAt, body: change,
            state: digest, key: privateKey, certificate: certificate)
        return Publication(step: delta, snapshot: snapshot, state: state)
    }
}
