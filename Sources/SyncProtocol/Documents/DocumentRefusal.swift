/// Why a terminal refused a downloaded document. It keeps what it had and records the reason
/// (`loyalty_document_refusals_total{kind,reason}`, `documents/refusals.json`, `GET /health`).
public struct DocumentRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reasons, by their names in metrics and files.
    public enum Reason: String, Sendable, Codable, CaseIterable {
        /// Not JSON of the expected form (cut short, a key twice, a field missing).
        case malformed
        /// A document of another kind than asked for.
        case wrongKind = "wrong-kind"
        /// The certificate is not the issuer's for this programme (forged, altered).
        case badCertificate = "bad-certificate"
        /// The document was issued outside its certificate's validity, or the certificate expired.
        case certificateExpired = "certificate-expired"
        /// The certificate's generation is below one the terminal has seen: a revoked key.
        case revokedKey = "revoked-key"
        /// The signature is not the certified key's for this document (altered in transit).
        case badSignature = "bad-signature"
        /// A version not above the one the terminal holds (a replay, a rollback).
        case rollback
        /// A delta whose base is not the version the terminal holds.
        case wrongBase = "wrong-base"
        /// The result does not have the signed digest, or the body breaks its own rules.
        case badContent = "bad-content"
        /// Signed and whole, but refused by what it is (a programme older than the one in force).
        case refusedContent = "refused-content"
    }

    public var reason: Reason
    public var detail: String

    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(reason.rawValue): \(detail)" }
}
