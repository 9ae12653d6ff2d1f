import Crypto

/// A points state as stored on the card (template `E2`): the `72` state, the writing
/// terminal's signature `9D` over the exact `72` bytes, and the terminal's certificate `E3`.
///
/// Any terminal holding the issuer's public key can check it offline: the certificate
/// proves the terminal key, the signature proves the state.
public struct StateEnvelope: Hashable, Sendable {
    public var state: PointsState
    /// The exact `72` bytes signed.
    public var signedBytes: [UInt8]
    public var signature: [UInt8]
    public var certificate: TerminalCertificate

    /// Signs `state` with the terminal's key.
    public init(state: PointsState, terminalKey: P256.Signing.PrivateKey, certificate: TerminalCertificate) throws(CardProfileError) {
        self.state = state
        signedBytes = try state.tlv().encoded
        signature = ProfileKeys.sign(signedBytes, with: terminalKey)
        self.certificate = certificate
    }

    /// The template `E2` object.
    public var tlv: TLV {
        TLV(
            MemberCardProfile.Tag.stateEnvelope,
            signedBytes + TLV(MemberCardProfile.Tag.terminalSignature, signature).encoded + certificate.tlv.encoded)
    }

    /// Parses the value of template `E2` (signatures are not checked here).
    public init(value: [UInt8]) throws(CardProfileError) {
        guard value.count <= MemberCardProfile.maximumEnvelopeLength else { throw .tooLarge(value.count) }
        var r = TLVReader(value)
        let body = try r.read(MemberCardProfile.Tag.stateBody, length: 1...(MemberCardProfile.maximumEngineStateLength + 128))
        state = try PointsState(value: body)
        signedBytes = TLV(MemberCardProfile.Tag.stateBody, body).encoded
        signature = try r.read(MemberCardProfile.Tag.terminalSignature, count: MemberCardProfile.signatureLength)
        certificate = try TerminalCertificate(value: try r.read(MemberCardProfile.Tag.terminalCertificate, length: 1...400))
        try r.finish()
    }

    /// Parses a whole encoded `E2` object.
    public init(encoded: [UInt8]) throws(CardProfileError) {
        try self.init(
            value: TLVReader.single(MemberCardProfile.Tag.stateEnvelope, in: encoded, length: 1...MemberCardProfile.maximumEnvelopeLength))
    }

    /// Why the envelope cannot be trusted under `issuer`, or `nil` when both signatures hold.
    public func signatureProblem(issuer: P256.Signing.PublicKey, programmeID: UInt32) -> String? {
        guard certificate.isSigned(by: issuer) else { return "terminal certificate not signed by the issuer" }
        guard certificate.programmeID == programmeID else { return "terminal certificate for another programme" }
        guard certificate.terminalID == state.terminalID else { return "state written by another terminal than certified" }
        guard let key = try? ProfileKeys.publicKey(certificate.terminalPublicKey),
            ProfileKeys.verify(signature, of: signedBytes, by: key)
        else { return "state not signed by the certified terminal key" }
        return nil
    }
}
