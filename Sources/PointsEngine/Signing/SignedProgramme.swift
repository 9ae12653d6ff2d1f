import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A programme as the back office delivers it: the exact bytes of the JSON
/// document and a detached P-256 ECDSA signature over them.
///
/// The envelope is JSON:
/// ```json
/// {"format": 1, "keyId": "...", "programme": "<base64 of the document>", "signature": "<base64>"}
/// ```
/// The signed message is ``domain`` (its UTF-8 bytes) followed by the document
/// bytes exactly as carried in `programme`; the signature is ECDSA P-256 with
/// SHA-256, encoded as the 64-byte `r ‖ s` (raw representation), in base64.
/// No re-serialisation happens anywhere, so there is no canonical-JSON question.
public struct SignedProgramme: Codable, Hashable, Sendable {
    /// Prefix of every signed message, so that a programme signature can never
    /// be mistaken for a signature on anything else.
    public static let domain = "LoyaltyTerminal programme v1\n"

    /// Envelope format; 1.
    public var format: Int
    /// Which back-office key signed it.
    public var keyId: String
    /// The programme document's exact bytes.
    public var programme: [UInt8]
    /// The raw `r ‖ s` signature; empty when unsigned.
    public var signature: [UInt8]

    public init(format: Int = 1, keyId: String, programme: [UInt8], signature: [UInt8]) {
        self.format = format
        self.keyId = keyId
        self.programme = programme
        self.signature = signature
    }

    /// The bytes that are signed: ``domain`` then the document.
    public static func message(for document: [UInt8]) -> [UInt8] {
        Array(domain.utf8) + document
    }

    /// Signs a programme document's bytes (the back office's side).
    public static func sign(
        document: [UInt8], with key: P256.Signing.PrivateKey, keyId: String
    ) throws -> SignedProgramme {
        let signature = try key.signature(for: message(for: document))
        return SignedProgramme(keyId: keyId, programme: document, signature: Array(signature.rawRepresentation))
    }

    /// Signs a programme, serialised with ``Programme/encoded()``.
    public static func sign(
        _ programme: Programme, with key: P256.Signing.PrivateKey, keyId: String
    ) throws -> SignedProgramme {
        try sign(document: programme.encoded(), with: key, keyId: keyId)
    }

    /// Verifies the signature with the trusted keys, then decodes and
    /// validates the programme. Nothing is decoded before the signature checks.
    public func verify(trustedKeys: TrustedKeys) throws(ProgrammeLoadError) -> Programme {
        guard format == 1 else { throw .malformed(field: "format", problem: "\(format) is not supported") }
        guard !signature.isEmpty else { throw .unsigned }
        guard let key = trustedKeys.keys[keyId] else { throw .unknownKey(keyId: keyId) }
        guard let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature),
            key.isValidSignature(ecdsa, for: Self.message(for: programme))
        else { throw .badSignature(keyId: keyId) }
        return try Programme.decode(programme)
    }

    // MARK: JSON envelope

    private enum CodingKeys: String, CodingKey { case format, keyId, programme, signature }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(Int.self, forKey: .format)
        keyId = try c.decode(String.self, forKey: .keyId)
        programme = try Self.base64(c, .programme)
        signature = try c.decodeIfPresent(String.self, forKey: .signature) == nil ? [] : try Self.base64(c, .signature)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(keyId, forKey: .keyId)
        try c.encode(Data(programme).base64EncodedString(), forKey: .programme)
        try c.encode(Data(signature).base64EncodedString(), forKey: .signature)
    }

    private static func base64(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> [UInt8] {
        guard let data = Data(base64Encoded: try c.decode(String.self, forKey: key)) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not base64")
        }
        return Array(data)
    }

    /// Reads an envelope from its JSON bytes.
    public static func decode(envelope bytes: [UInt8]) throws(ProgrammeLoadError) -> SignedProgramme {
        do {
            return try JSONDecoder().decode(SignedProgramme.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ProgrammeLoadError(decoding: error)
        } catch {
            throw .malformed(field: "", problem: "\(error)")
        }
    }

    /// The envelope as JSON bytes (sorted keys, one line per field).
    public func encodedEnvelope() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return Array((try? encoder.encode(self)) ?? Data())
    }
}

/// The back-office public keys a terminal trusts, by key id.
public struct TrustedKeys: Sendable {
    /// Public keys by key id.
    public var keys: [String: P256.Signing.PublicKey]

    public init(_ keys: [String: P256.Signing.PublicKey]) { self.keys = keys }

    /// Keys from their raw (x ‖ y, 64 bytes) or x9.63 representations, in hex.
    public init(hex: [String: String]) throws {
        var keys: [String: P256.Signing.PublicKey] = [:]
        for (id, text) in hex {
            let bytes = try Hex.decode(text)
            keys[id] =
                bytes.count == 64
                ? try P256.Signing.PublicKey(rawRepresentation: bytes)
                : try P256.Signing.PublicKey(x963Representation: bytes)
        }
        self.keys = keys
    }
}

/// Hexadecimal text, for keys written in documents and code.
public enum Hex {
    public struct InvalidHex: Error {}

    public static func decode(_ text: String) throws -> [UInt8] {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { throw InvalidHex() }
        func value(_ c: UInt8) throws -> UInt8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: throw InvalidHex()
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        for i in stride(from: 0, to: digits.count, by: 2) {
            out.append(try value(digits[i]) << 4 | value(digits[i + 1]))
        }
        return out
    }

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let table = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(table[Int(b >> 4)])
            out.append(table[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
