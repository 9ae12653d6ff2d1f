import CardProfile
import Crypto
import Foundation
import StrictJSON

/// One version of a published document, signed by the back office's document key.
///
/// A snapshot (`base` 0) holds the whole document; a delta holds the changes from version
/// `base` and applies only on it. Either way `state` is the SHA-256 of the whole document once
/// applied (the body itself for a snapshot, the canonical encoding of the result for a delta),
/// so the signature vouches for every byte the terminal ends up with, and the terminal can keep
/// the result and this envelope and verify both again after a restart.
///
/// The document key signs (ECDSA P-256, SHA-256) the UTF-8 text of these lines joined by `\n`:
/// ```
/// LOYALTY-DOCUMENT-1
/// <kind>
/// <version>
/// <base>
/// <issuedAt, ms since the epoch>
/// <effectiveAt, ms since the epoch, or empty>
/// <SHA-256 of the body bytes, lowercase hex>
/// <state, lowercase hex>
/// <certificate keyId>
/// <certificate generation>
/// ```
public struct SignedDocument: Codable, Sendable, Equatable {
    public var kind: DocumentKind
    /// 1, 2, 3, ... per kind; only goes up.
    public var version: Int64
    /// The version this delta applies on; 0 for a snapshot.
    public var base: Int64
    /// When the back office signed it, ms since the epoch.
    public var issuedAt: Int64
    /// For a programme: when it comes into force (until then the one before stays), ms since the
    /// epoch; absent: at once.
    public var effectiveAt: Int64?
    /// The body's bytes, base64: a ``PublishedDocumentBody`` (snapshot) or its change (delta); for
    /// the programme, the signed programme envelope.
    public var body: String
    /// SHA-256 of the whole document after this version applies, base64.
    public var state: String
    /// The document key's certificate.
    public var certificate: DocumentKeyCertificate
    /// The document key's signature of ``canonicalText``, base64 of `r ‖ s`.
    public var signature: String

    /// True for a whole document, false for a delta.
    public var isSnapshot: Bool { base == 0 }

    /// The body's bytes (empty when `body` is not base64).
    public var bodyBytes: [UInt8] { Base64Text.decode(body) ?? [] }

    /// The text the document key signs.
    public var canonicalText: String {
        [
            "LOYALTY-DOCUMENT-1", kind.rawValue, String(version), String(base), String(issuedAt), effectiveAt.map(String.init) ?? "",
            HexText.encode(Array(SHA256.hash(data: bodyBytes))), HexText.encode(Base64Text.decode(state) ?? []),
            certificate.keyId, String(certificate.generation),
        ].joined(separator: "\n")
    }

    /// Signs a version of `kind` with the document key `key`, certified by `certificate`.
    public static func sign(
        kind: DocumentKind, version: Int64, base: Int64, issuedAt: Int64, effectiveAt: Int64? = nil, body: [UInt8],
        state: [UInt8], key: P256.Signing.PrivateKey, certificate: DocumentKeyCertificate
    ) -> SignedDocument {
        var document = SignedDocument(
            kind: kind, version: version, base: base, issuedAt: issuedAt, effectiveAt: effectiveAt, body: Base64Text.encode(body),
            state: Base64Text.encode(state), certificate: certificate, signature: "")
        document.signature = Base64Text.encode(ProfileKeys.sign(Array(document.canonicalText.utf8), with: key))
        return document
    }

    /// SHA-256 of a whole document's bytes: what `state` holds.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    /// True when `state` is the digest of `bytes`.
    public func stateMatches(_ bytes: [UInt8]) -> Bool { Base64Text.decode(state) == Self.digest(bytes) }

    /// True when the certificate's key signed this document as it is.
    public var isSignedByCertifiedKey: Bool {
        guard let key = try? certificate.key(), let signature = Base64Text.decode(signature), Base64Text.decode(body) != nil
        else { return false }
        return ProfileKeys.verify(signature, of: Array(canonicalText.utf8), by: key)
    }

    /// The document as JSON, keys sorted.
    public func encoded() throws -> [UInt8] { Array(try JSONEncoder.documentEncoder.encode(self)) }

    /// Reads one signed document (no key twice in an object); the signature is not checked here.
    public static func decode(_ bytes: [UInt8]) throws(DocumentRefusal) -> SignedDocument {
        if let key = DuplicateKeys.first(in: bytes) { throw DocumentRefusal(.malformed, "\(key) appears twice in one object") }
        do {
            return try JSONDecoder().decode(SignedDocument.self, from: Data(bytes))
        } catch {
            throw DocumentRefusal(.malformed, "not a signed document: \(error)")
        }
    }
}

/// `GET /v1/documents/{kind}?after=N`'s answer: `{"documents": [signed documents]}`, oldest
/// first, each applying on the one before (a snapshot first when the terminal is too far behind).
public struct DocumentUpdate: Codable, Sendable, Equatable {
    public var documents: [SignedDocument]

    public init(documents: [SignedDocument]) { self.documents = documents }

    /// The media type of the answer.
    public static let mediaType = "application/json"

    public func encoded() throws -> [UInt8] { Array(try JSONEncoder.documentEncoder.encode(self)) }

    /// Reads an answer (no key twice in an object); the signatures are not checked here.
    public static func decode(_ bytes: [UInt8]) throws(DocumentRefusal) -> DocumentUpdate {
        if let key = DuplicateKeys.first(in: bytes) { throw DocumentRefusal(.malformed, "\(key) appears twice in one object") }
        let update: DocumentUpdate
        do {
            update = try JSONDecoder().decode(DocumentUpdate.self, from: Data(bytes))
        } catch {
            throw DocumentRefusal(.malformed, "not a document update: \(error)")
        }
        guard !update.documents.isEmpty else { throw DocumentRefusal(.malformed, "an update without documents") }
        return update
    }
}
