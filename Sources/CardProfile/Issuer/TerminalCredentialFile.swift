import Crypto
import Foundation

/// A terminal's enrolment as a JSON file (`loyalty-sim issuer enrol-terminal`):
/// `{"test": true, "terminalID": 7, "privateKey": "...", "certificate": "E3..."}` in hex.
/// The certificate is the `E3` object the terminal puts in every state it writes.
///
/// `backOfficeAuthority`, written by `loyalty-backoffice terminal enrol`, is the certificate
/// (PEM) of the authority the back office's TLS certificate comes from: the terminal trusts that
/// authority alone for its back office.
///
/// A terminal that enrols members also has `enrolmentPrivateKey` (hex, 32 bytes) and
/// `enrolmentCertificate` (the `E4` object in hex), both or neither; a file without them is read
/// as before.
public struct TerminalCredentialFile: Codable, Sendable {
    public var test: Bool
    public var terminalID: UInt32
    public var privateKey: String
    public var certificate: String
    /// The back office's TLS certificate authority (PEM), handed over at enrolment.
    public var backOfficeAuthority: String?
    /// The enrolment key (hex), when the terminal enrols members.
    public var enrolmentPrivateKey: String?
    /// The issuer's certificate for the enrolment key (the `E4` object, hex).
    public var enrolmentCertificate: String?

    public init(_ credential: TerminalCredential, test: Bool) {
        self.test = test
        terminalID = credential.terminalID
        privateKey = HexText.encode(Array(credential.privateKey.rawRepresentation))
        certificate = HexText.encode(credential.certificate.tlv.encoded)
        enrolmentPrivateKey = credential.enrolment.map { HexText.encode(Array($0.privateKey.rawRepresentation)) }
        enrolmentCertificate = credential.enrolment.map { HexText.encode($0.certificate.tlv.encoded) }
    }

    /// The credential, checked for shape (the certificate's signature is checked by readers).
    public func credential() throws(CardProfileError) -> TerminalCredential {
        guard let raw = HexText.decode(privateKey), let key = try? P256.Signing.PrivateKey(rawRepresentation: raw) else {
            throw .invalidKey("terminal private key")
        }
        guard let bytes = HexText.decode(certificate) else { throw .invalidKey("certificate is not hex") }
        let certificate = try TerminalCertificate(
            value: TLVReader.single(MemberCardProfile.Tag.terminalCertificate, in: bytes, length: 1...400))
        guard certificate.terminalPublicKey == ProfileKeys.bytes(of: key.publicKey) else {
            throw .invalidKey("the certificate is for another key")
        }
        return TerminalCredential(privateKey: key, certificate: certificate, enrolment: try enrolment(terminalID: certificate.terminalID))
    }

    /// The enrolment key and certificate, when the file has them.
    private func enrolment(terminalID: UInt32) throws(CardProfileError) -> EnrolmentCredential? {
        switch (enrolmentPrivateKey, enrolmentCertificate) {
        case (nil, nil):
            return nil
        case (let key?, let certificate?):
            guard let raw = HexText.decode(key), let key = try? P256.Signing.PrivateKey(rawRepresentation: raw) else {
                throw .invalidKey("enrolment private key")
            }
            guard let bytes = HexText.decode(certificate) else { throw .invalidKey("enrolment certificate is not hex") }
            let parsed = try EnrolmentCertificate(encoded: bytes)
            guard parsed.enrolmentPublicKey == ProfileKeys.bytes(of: key.publicKey) else {
                throw .invalidKey("the enrolment certificate is for another key")
            }
            guard parsed.terminalID == terminalID else { throw .invalidKey("the enrolment certificate is for another terminal") }
            return EnrolmentCredential(privateKey: key, certificate: parsed)
        default:
            throw .invalidKey("an enrolment key needs its certificate, and a certificate its key")
        }
    }

    /// Reads the file; refused when others may access it (it holds the terminal's private key).
    public static func load(_ path: String) throws -> TerminalCredentialFile {
        try OwnerOnlyFile.checkPrivate(path)
        return try JSONDecoder().decode(TerminalCredentialFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes the file, readable by its owner only (it holds the terminal's private key).
    public func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try OwnerOnlyFile.replace(path, with: Array(encoder.encode(self)))
    }
}
