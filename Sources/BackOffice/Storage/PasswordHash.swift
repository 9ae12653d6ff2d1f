import SyncProtocol

/// A console user's password as the store keeps it: never the password, only its slow salted
/// hash (PBKDF2-HMAC-SHA256, the managers' PINs' hash, with more iterations and a per-user
/// random salt). Text: `pbkdf2-sha256$ITERATIONS$SALT_HEX$HASH_HEX`.
public struct PasswordHash: Sendable, Equatable {
    /// Iterations for a new password: OWASP's 600,000 for PBKDF2-HMAC-SHA256.
    public static let defaultIterations = 600_000
    /// The shortest password accepted.
    public static let minimumLength = 10

    public var iterations: Int
    public var salt: [UInt8]
    public var hash: [UInt8]

    /// Hashes `password` with a fresh 16-byte random salt.
    public static func make(password: String, iterations: Int = defaultIterations) throws -> PasswordHash {
        let salt = SaltedSlowHash.randomSalt()
        return PasswordHash(
            iterations: iterations, salt: salt, hash: try SaltedSlowHash.derive(secret: password, salt: salt, iterations: iterations))
    }

    /// Reads the stored text; nil when it is not one this program makes.
    public init?(text: String) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let iterations = Int(parts[1]), iterations > 0,
            let salt = Self.bytes(hex: parts[2]), let hash = Self.bytes(hex: parts[3]), hash.count == 32
        else { return nil }
        self.init(iterations: iterations, salt: salt, hash: hash)
    }

    public init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    /// The text the store keeps.
    public var text: String { "pbkdf2-sha256$\(iterations)$\(Self.hex(salt))$\(Self.hex(hash))" }

    /// Whether `password` is the one hashed (compared in constant time).
    public func matches(_ password: String) -> Bool {
        guard let derived = try? SaltedSlowHash.derive(secret: password, salt: salt, iterations: iterations) else { return false }
        return SaltedSlowHash.constantTimeEqual(derived, hash)
    }

    /// Why `password` cannot be used; nil when it can.
    public static func problem(with password: String) -> String? {
        password.count < minimumLength ? "a password has at least \(minimumLength) characters" : nil
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(hex: Substring) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0, !utf8.isEmpty else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
