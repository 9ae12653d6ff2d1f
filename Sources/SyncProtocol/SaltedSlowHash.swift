import Crypto
import _CryptoExtras

/// The slow salted hash both secrets the back office keeps use: managers' PINs (published to
/// terminals) and console users' passwords. PBKDF2-HMAC-SHA256, 32 bytes out, compared in
/// constant time.
public enum SaltedSlowHash {
    /// A fresh random salt of `count` bytes (16 by default).
    public static func randomSalt(count: Int = 16) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// PBKDF2-HMAC-SHA256 of `secret` with `salt` and `iterations` rounds: 32 bytes.
    public static func derive(secret: String, salt: [UInt8], iterations: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(secret.utf8), salt: salt, using: .sha256, outputByteCount: 32, rounds: iterations)
        return key.withUnsafeBytes { Array($0) }
    }

    /// Whether `a` and `b` are equal, looking at every byte whatever the first difference.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
