import Crypto
import Foundation

/// A terminal's enrolment as a JSON file (`loyalty-sim issuer enrol-terminal`):
/// `{"test": true, "terminalID": 7, "privateKey": "...", "certificate": "E3..."}` in hex.
/// The certificate is the `E3` object the terminal puts in every state it writes.
///
/// `backOfficeAuthority`, written by `loyalty-backoffice terminal enrol`, is the certificate
/// (PEM) of the authority the back office's TLS certificate comes from: the terminal trusts that
/// authority alone for its back office.
public struct TerminalCredentialFile: Codable, Sendable {
    public var test: Bool
    public var terminalID: UInt32
    public var privateKey: String
    public var certificate: String
    /// The back office's TLS certificate authority (PEM), handed over at enrolment.
    public var backOfficeAuthority: String?

    public init(_ credential: TerminalCredential, test: Bool) {
        self.test = test
        terminalID = credential.terminalID
        privateKey = HexText.encode(Array(credential.privateKey.rawRepresentation))
        certificate = HexText.encode(credential.certificate.tlv.encoded)
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
        return TerminalCredential(privateKey: key, certificate: certificate)
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
