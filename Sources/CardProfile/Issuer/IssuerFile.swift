import Crypto
import Foundation

/// The issuer key pair as a JSON file (`loyalty-sim issuer create`).
///
/// `{"test": true, "programmeID": 1280268593, "publicKey": "04...", "privateKey": "..."}`:
/// keys in hex (65-byte uncompressed public key, 32-byte raw private key). A terminal needs
/// only `programmeID` and `publicKey`; the private key stays with the issuer. Files with
/// `"test": true` hold TEST keys; a file without the field (a public copy cut down to the two)
/// is read as not a test issuer.
public struct IssuerFile: Codable, Sendable {
    public var test: Bool
    public var programmeID: UInt32
    public var publicKey: String
    public var privateKey: String?

    private enum CodingKeys: String, CodingKey {
        case test, programmeID, publicKey, privateKey
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        test = try container.decodeIfPresent(Bool.self, forKey: .test) ?? false
        programmeID = try container.decode(UInt32.self, forKey: .programmeID)
        publicKey = try container.decode(String.self, forKey: .publicKey)
        privateKey = try container.decodeIfPresent(String.self, forKey: .privateKey)
    }

    public init(_ issuer: Issuer, includePrivateKey: Bool = true) {
        test = issuer.isTest
        programmeID = issuer.programmeID
        publicKey = HexText.encode(ProfileKeys.bytes(of: issuer.publicKey))
        privateKey = includePrivateKey ? HexText.encode(Array(issuer.privateKey.rawRepresentation)) : nil
    }

    /// The issuer, when the file holds its private key.
    public func issuer() throws(CardProfileError) -> Issuer {
        guard let privateKey, let raw = HexText.decode(privateKey),
            let key = try? P256.Signing.PrivateKey(rawRepresentation: raw)
        else { throw .invalidKey("the issuer file holds no valid private key") }
        return Issuer(programmeID: programmeID, privateKey: key, isTest: test)
    }

    /// The issuer's public key.
    public func issuerPublicKey() throws(CardProfileError) -> P256.Signing.PublicKey {
        guard let bytes = HexText.decode(publicKey) else { throw .invalidKey("public key is not hex") }
        return try ProfileKeys.publicKey(bytes)
    }

    /// Reads the file; one that holds the private key is refused when others may access it.
    public static func load(_ path: String) throws -> IssuerFile {
        let file = try JSONDecoder().decode(IssuerFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        if file.privateKey != nil { try OwnerOnlyFile.checkPrivate(path) }
        return file
    }

    /// Writes the file; one holding the private key is readable by its owner only.
    public func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        if privateKey == nil {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } else {
            try OwnerOnlyFile.replace(path, with: Array(data))
        }
    }
}

/// Hex text for key files.
public enum HexText {
    public static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
    }

    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}
