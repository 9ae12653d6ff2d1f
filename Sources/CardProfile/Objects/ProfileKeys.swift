import Crypto
import Foundation

/// Keys and signatures of the profile: P-256, ECDSA over SHA-256, raw `r || s` signatures,
/// uncompressed (X9.63) public keys.
public enum ProfileKeys {
    /// The key id of a public key: the first 8 bytes of SHA-256 of its 65-byte X9.63 form.
    public static func keyID(of key: P256.Signing.PublicKey) -> [UInt8] {
        Array(SHA256.hash(data: key.x963Representation).prefix(MemberCardProfile.keyIDLength))
    }

    /// The 65-byte uncompressed public key.
    public static func bytes(of key: P256.Signing.PublicKey) -> [UInt8] {
        Array(key.x963Representation)
    }

    /// Parses a 65-byte uncompressed public key.
    public static func publicKey(_ bytes: [UInt8]) throws(CardProfileError) -> P256.Signing.PublicKey {
        guard bytes.count == MemberCardProfile.publicKeyLength, bytes.first == 0x04 else {
            throw .invalidKey("a P-256 public key is 65 bytes starting with 04")
        }
        do {
            return try P256.Signing.PublicKey(x963Representation: bytes)
        } catch {
            throw .invalidKey("not a point of P-256")
        }
    }

    /// Signs `message` (ECDSA P-256 over SHA-256 of the message) and returns `r || s`.
    public static func sign(_ message: [UInt8], with key: P256.Signing.PrivateKey) -> [UInt8] {
        // Signing with a valid key over any bytes does not fail in swift-crypto's backends.
        Array((try! key.signature(for: message)).rawRepresentation)
    }

    /// True when `signature` (`r || s`) is a valid signature of `message` by `key`.
    public static func verify(_ signature: [UInt8], of message: [UInt8], by key: P256.Signing.PublicKey) -> Bool {
        guard signature.count == MemberCardProfile.signatureLength,
            let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
        else { return false }
        return key.isValidSignature(ecdsa, for: message)
    }
}
