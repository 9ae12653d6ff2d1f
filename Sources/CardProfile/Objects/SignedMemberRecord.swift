import Crypto

/// A signed member record (template `E1`: `71` record, `9E` signature, optional `E4` enrolment
/// certificate).
///
/// Without `E4` the issuer signed the record, and `88` is the issuer's key id. With `E4` a
/// terminal enrolled the member offline: its enrolment key signed the record, `88` is that key's
/// id, and the certificate is the issuer's permission for the key (``EnrolmentCertificate``).
/// Either way the signature is ECDSA P-256 over SHA-256 of the exact bytes of the `71` object
/// (tag, length and value) as stored on the card. A record without a certificate is encoded
/// exactly as before certificates existed.
public struct SignedMemberRecord: Hashable, Sendable {
    public var record: MemberRecord
    /// The exact `71` bytes that were signed (kept as read, never re-encoded for checking).
    public var signedBytes: [UInt8]
    public var signature: [UInt8]
    /// The issuer's certificate for the enrolment key that signed the record, when a terminal did.
    public var enrolmentCertificate: EnrolmentCertificate?

    /// Signs `record` with `issuerKey`.
    public init(record: MemberRecord, issuerKey: P256.Signing.PrivateKey) {
        self.record = record
        signedBytes = record.tlv.encoded
        signature = ProfileKeys.sign(signedBytes, with: issuerKey)
        enrolmentCertificate = nil
    }

    /// Signs `record` with a terminal's enrolment key and attaches its certificate.
    public init(record: MemberRecord, enrolmentKey: P256.Signing.PrivateKey, certificate: EnrolmentCertificate) {
        self.record = record
        signedBytes = record.tlv.encoded
        signature = ProfileKeys.sign(signedBytes, with: enrolmentKey)
        enrolmentCertificate = certificate
    }

    /// The template `E1` object.
    public var tlv: TLV {
        TLV(
            MemberCardProfile.Tag.signedRecord,
            signedBytes + TLV(MemberCardProfile.Tag.issuerSignature, signature).encoded + (enrolmentCertificate?.tlv.encoded ?? []))
    }

    /// Parses the value of template `E1` (no signature is checked here).
    public init(value: [UInt8]) throws(CardProfileError) {
        var r = TLVReader(value)
        let body = try r.read(MemberCardProfile.Tag.recordBody, length: 1...512)
        record = try MemberRecord(value: body)
        signedBytes = TLV(MemberCardProfile.Tag.recordBody, body).encoded
        signature = try r.read(MemberCardProfile.Tag.issuerSignature, count: MemberCardProfile.signatureLength)
        enrolmentCertificate = try r.readOptional(MemberCardProfile.Tag.enrolmentCertificate, length: 1...400).map {
            (value) throws(CardProfileError) in try EnrolmentCertificate(value: value)
        }
        try r.finish()
    }

    /// Parses a whole encoded `E1` object (PERSONALISE's data).
    public init(encoded: [UInt8]) throws(CardProfileError) {
        try self.init(value: TLVReader.single(MemberCardProfile.Tag.signedRecord, in: encoded, length: 1...1024))
    }

    /// True when `key` signed exactly these record bytes (the issuer key for a record without
    /// a certificate, the certified enrolment key for one with).
    public func isSigned(by key: P256.Signing.PublicKey) -> Bool {
        ProfileKeys.verify(signature, of: signedBytes, by: key)
    }
}
