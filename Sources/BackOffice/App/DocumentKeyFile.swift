import ArgumentParser
import BackOfficeStorage
import CardProfile
import Crypto
import Foundation
import SyncProtocol

extension DocumentKeyFile {
    /// The file at `path`, or a clear failure.
    static func read(_ path: String) throws -> DocumentKeyFile {
        guard FileManager.default.fileExists(atPath: path) else { throw BackOfficeFailure("\(path) does not exist") }
        do {
            return try load(path)
        } catch {
            throw BackOfficeFailure("\(path) is not a document key file ('loyalty-backoffice publish document-key' makes one)")
        }
    }

    /// The key with its certificate, ready to sign.
    func signingKey(path: String) throws -> DocumentSigningKey {
        guard let certificate else {
            throw BackOfficeFailure(
                "\(path) has no certificate yet: have the issuer certify it ('loyalty-sim issuer certify-document-key') and add it with 'loyalty-backoffice publish document-certificate'"
            )
        }
        do {
            return try DocumentSigningKey(privateKey: try key(), certificate: certificate)
        } catch {
            throw BackOfficeFailure("\(path): \(error)")
        }
    }
}

/// `--document-key`: the key every published document is signed with.
struct DocumentKeyOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The document key file ('publish document-key', certified by the issuer).",
            discussion: "Also read from LOYALTY_BACKOFFICE_DOCUMENT_KEY."))
    var documentKey: String?

    /// The signing key, or a clear failure naming how to make one.
    func signingKey() throws -> DocumentSigningKey {
        guard let path = documentKey ?? ProcessInfo.processInfo.environment["LOYALTY_BACKOFFICE_DOCUMENT_KEY"] else {
            throw BackOfficeFailure(
                "documents are signed: give the document key with --document-key or LOYALTY_BACKOFFICE_DOCUMENT_KEY (docs/operations.md, \"Document key\")"
            )
        }
        try SecretFileCheck.require(path, holding: "the document key (--document-key)")
        return try DocumentKeyFile.read(path).signingKey(path: path)
    }

    /// The signing key when one is given, else nil.
    func signingKeyIfGiven() throws -> DocumentSigningKey? {
        guard documentKey != nil || ProcessInfo.processInfo.environment["LOYALTY_BACKOFFICE_DOCUMENT_KEY"] != nil else { return nil }
        return try signingKey()
    }
}

/// Signs and stores the next version of `kind`, whose whole document is `whole`: a delta from
/// the newest signed version (and its snapshot).
func publishSigned(
    _ kind: DocumentKind, whole: [UInt8], key: DocumentSigningKey, store: any LedgerStore, effectiveAt: Int64? = nil
) async throws -> PublishedDocument {
    let latest = try await store.latest(kind)
    let previous = latest?.snapshot.flatMap { try? SignedDocument.decode($0) }.map { (version: $0.version, state: $0.bodyBytes) }
    let version = (latest?.version ?? 0) + 1
    let now = nowMilliseconds()
    let publication: DocumentSigningKey.Publication
    do {
        publication = try key.publication(
            kind: kind, whole: whole, previous: previous, version: version, issuedAt: now, effectiveAt: effectiveAt)
    } catch {
        throw BackOfficeFailure("\(kind.rawValue) cannot be published: \(error)")
    }
    guard key.certificate.notBefore <= now, now <= key.certificate.notAfter else {
        throw BackOfficeFailure("the document key \(key.certificate.keyId) is outside its validity: terminals would refuse what it signs")
    }
    let published = try await store.publish(
        kind: kind, version: version, step: try publication.step.encoded(), snapshot: try publication.snapshot.encoded(), at: now)
    try await AuditTrail.record(
        "document.publish", subject: "\(kind.rawValue) version \(published.version)",
        detail: ["kind": kind.rawValue, "version": String(published.version), "document-key": key.certificate.keyId], store: store)
    return published
}

/// The whole document of the newest signed version of `kind`, if any.
func latestWhole(_ kind: DocumentKind, store: any LedgerStore) async throws -> [UInt8]? {
    try await store.latest(kind)?.snapshot.flatMap { try? SignedDocument.decode($0) }?.bodyBytes
}

extension PublishedDocument {
    /// What terminals fetch for this version, for a command's output.
    var stepSummary: String {
        guard let step = try? SignedDocument.decode(body) else { return "not signed" }
        return step.isSnapshot
            ? "sent whole (\(body.count) bytes)" : "\(kind.summary(ofChange: step.bodyBytes)) (a delta of \(body.count) bytes)"
    }
}
