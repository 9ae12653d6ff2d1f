import Crypto

/// What a terminal holds of one kind: the last signed version it applied and the whole document
/// that version vouches for (its `state` digest), kept together so a restart verifies both again.
public struct HeldDocument: Sendable, Equatable {
    public var signed: SignedDocument
    /// The whole document after `signed` applied.
    public var state: [UInt8]

    public init(signed: SignedDocument, state: [UInt8]) {
        self.signed = signed
        self.state = state
    }

    public var version: Int64 { signed.version }
}

/// What a terminal trusts documents by: the issuer's key (`trust.issuer`) and programme, and the
/// highest document key generation it has seen (lower ones are revoked).
public struct DocumentTrust: Sendable {
    public var issuerKey: P256.Signing.PublicKey
    public var programmeID: UInt32
    public var minimumGeneration: UInt32

    public init(issuerKey: P256.Signing.PublicKey, programmeID: UInt32, minimumGeneration: UInt32 = 0) {
        self.issuerKey = issuerKey
        self.programmeID = programmeID
        self.minimumGeneration = minimumGeneration
    }
}

/// The terminal's checks of a downloaded document, in order: its kind, the certificate (the
/// issuer's, a generation not revoked, issued within its validity), the signature, the version
/// (above the one held), the base (a delta applies only on the version held), the content (the
/// result has the signed digest and follows its kind's rules). The first that fails is the
/// refusal; nothing is applied before every check passed.
public enum DocumentAcceptance {
    /// Checks `document` against what is held and returns what to hold once it applies.
    /// - Parameter now: the terminal's time, ms since the epoch (an expired certificate is refused).
    public static func accept(
        _ document: SignedDocument, kind: DocumentKind, held: HeldDocument?, trust: DocumentTrust, now: Int64
    ) throws(DocumentRefusal) -> HeldDocument {
        try verify(document, kind: kind, trust: trust)
        guard now <= document.certificate.notAfter else {
            throw DocumentRefusal(.certificateExpired, "key \(document.certificate.keyId) expired at \(document.certificate.notAfter)")
        }
        let heldVersion = held?.version ?? 0
        guard document.version > heldVersion else {
            throw DocumentRefusal(.rollback, "version \(document.version) is not above the version held, \(heldVersion)")
        }
        let bytes = document.bodyBytes
        let state: [UInt8]
        if document.isSnapshot {
            state = bytes
            if kind.deltaType != nil {
                do {
                    _ = try kind.canonical(bytes)
                } catch {
                    throw DocumentRefusal(.badContent, "version \(document.version): \(error)")
                }
            }
        } else {
            guard document.base == heldVersion else {
                throw DocumentRefusal(
                    .wrongBase, "version \(document.version) applies on \(document.base), the terminal holds \(heldVersion)")
            }
            do {
                state = try kind.apply(change: bytes, to: held?.state)
            } catch {
                throw DocumentRefusal(.badContent, "version \(document.version): \(error)")
            }
        }
        guard document.stateMatches(state) else {
            throw DocumentRefusal(.badContent, "version \(document.version) does not give the document that was signed")
        }
        return HeldDocument(signed: document, state: state)
    }

    /// Checks a document kept from before a restart: the same certificate and signature checks,
    /// and that the kept document is the one signed (not its time: what was in force stays).
    public static func reverify(_ held: HeldDocument, kind: DocumentKind, trust: DocumentTrust) throws(DocumentRefusal) {
        try verify(held.signed, kind: kind, trust: trust)
        guard held.signed.stateMatches(held.state) else {
            throw DocumentRefusal(.badContent, "the kept \(kind.rawValue) is not the one version \(held.version) signed")
        }
    }

    /// The kind, certificate and signature checks.
    public static func verify(_ document: SignedDocument, kind: DocumentKind, trust: DocumentTrust) throws(DocumentRefusal) {
        guard document.kind == kind else { throw DocumentRefusal(.wrongKind, "asked for \(kind.rawValue), got \(document.kind.rawValue)") }
        let certificate = document.certificate
        guard certificate.isCertified(by: trust.issuerKey, programmeID: trust.programmeID) else {
            throw DocumentRefusal(.badCertificate, "key \(certificate.keyId) is not certified by this terminal's issuer")
        }
        guard certificate.generation >= trust.minimumGeneration else {
            throw DocumentRefusal(
                .revokedKey,
                "key \(certificate.keyId) is generation \(certificate.generation); generation \(trust.minimumGeneration) replaced it")
        }
        guard certificate.notBefore <= document.issuedAt, document.issuedAt <= certificate.notAfter else {
            throw DocumentRefusal(.certificateExpired, "version \(document.version) was issued outside key \(certificate.keyId)'s validity")
        }
        guard document.version > 0, document.base >= 0, document.base < document.version else {
            throw DocumentRefusal(.malformed, "version \(document.version) on base \(document.base)")
        }
        guard document.isSignedByCertifiedKey else {
            throw DocumentRefusal(.badSignature, "version \(document.version) is not signed by key \(certificate.keyId)")
        }
    }
}
