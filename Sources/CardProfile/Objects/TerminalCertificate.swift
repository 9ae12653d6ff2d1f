import Crypto

/// A terminal's enrolment: its id and public key, signed by the issuer (template `E3`:
/// `75` body, `9E` issuer signature over the exact `75` bytes).
///
/// | tag in `75` | field | bytes |
/// | --- | --- | --- |
/// | `80` | certificate version, 1 | 1 |
/// | `81` | programme id | 4 |
/// | `82` | terminal id | 4 |
/// | `83` | terminal public key, uncompressed P-256 | 65 |
/// | `84` | issuer key id | 8 |
public struct TerminalCertificate: Hashable, Sendable {
    public static let version: UInt8 = 1

    public var programmeID: UInt32
    public var terminalID: UInt32
    public var terminalPublicKey: [UInt8]
    public var issuerKeyID: [UInt8]
    /// The exact `75` bytes signed.
    public var signedBytes: [UInt8]
    public var signature: [UInt8]

    /// Issues a certificate for `terminalKey`, signed with `issuerKey`.
    public init(programmeID: UInt32, terminalID: UInt32, terminalKey: P256.Signing.PublicKey, issuerKey: P256.Signing.PrivateKey) {
        self.programmeID = programmeID
        self.terminalID = terminalID
        terminalPublicKey = ProfileKeys.bytes(of: terminalKey)
        issuerKeyID = ProfileKeys.keyID(of: issuerKey.publicKey)
        signedBytes =
            TLV(
                MemberCardProfile.Tag.certificateBody,
                children: [
                    TLV(0x80, [Self.version]),
                    TLV(0x81, BigEndian.bytes(programmeID)),
                    TLV(0x82, BigEndian.bytes(terminalID)),
                    TLV(0x83, terminalPublicKey),
                    TLV(0x84, issuerKeyID),
                ]
            ).encoded
        signature = ProfileKeys.sign(signedBytes, with: issuerKey)
    }

    /// The template `E3` object.
    public var tlv: TLV {
        TLV(MemberCardProfile.Tag.terminalCertificate, signedBytes + TLV(MemberCardProfile.Tag.issuerSignature, signature).encoded)
    }

    /// Parses the value of template `E3` (the signature is not checked here).
    public init(value: [UInt8]) throws(CardProfileError) {
        var outer = TLVReader(value)
        let body = try outer.read(MemberCardProfile.Tag.certificateBody, length: 1...255)
        signature = try outer.read(MemberCardProfile.Tag.issuerSignature, count: MemberCardProfile.signatureLength)
        try outer.finish()
        signedBytes = TLV(MemberCardProfile.Tag.certificateBody, body).encoded
        var r = TLVReader(body)
        guard try r.read(0x80, count: 1) == [Self.version] else { throw .invalidValue(tag: 0x80, reason: "unknown certificate version") }
        programmeID = BigEndian.value(try r.read(0x81, count: 4))
        terminalID = BigEndian.value(try r.read(0x82, count: 4))
        terminalPublicKey = try r.read(0x83, count: MemberCardProfile.publicKeyLength)
        _ = try ProfileKeys.publicKey(terminalPublicKey)
        issuerKeyID = try r.read(0x84, count: MemberCardProfile.keyIDLength)
        try r.finish()
    }

    /// True when the issuer key signed exactly these certificate bytes.
    public func isSigned(by issuer: P256.Signing.PublicKey) -> Bool {
        ProfileKeys.verify(signature, of: signedBytes, by: issuer)
    }
}
