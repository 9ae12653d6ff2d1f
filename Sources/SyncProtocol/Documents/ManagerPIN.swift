import CardProfile
import Foundation

/// A manager's PIN as the back office publishes it: never the PIN, only a slow salted hash of
/// it, PBKDF2-HMAC-SHA256 with a random 16-byte salt (`docs/sync-protocol.md`, "Managers").
///
/// JSON: `{"algorithm": "pbkdf2-sha256", "iterations": 210000, "salt": base64, "hash": base64}`.
public struct ManagerPIN: Codable, Sendable, Hashable {
    /// The only algorithm: `pbkdf2-sha256`.
    public static let algorithmName = "pbkdf2-sha256"
    /// Iterations the back office uses for a new PIN.
    public static let defaultIterations = 210_000
    /// The iterations a terminal accepts: at least OWASP's 210,000 for PBKDF2-HMAC-SHA256 (the
    /// least swift-crypto derives with), few enough that a PIN check does not hold the till.
    public static let iterationRange = 210_000...5_000_000
    /// A PIN: 4 to 12 digits.
    public static func isValid(pin: String) -> Bool {
        (4...12).contains(pin.utf8.count) && pin.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    public var algorithm: String
    public var iterations: Int
    /// The salt, base64.
    public var salt: String
    /// The derived 32 bytes, base64.
    public var hash: String

    public init(algorithm: String = ManagerPIN.algorithmName, iterations: Int, salt: String, hash: String) {
        self.algorithm = algorithm
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    /// Hashes `pin` with a fresh random salt.
    public static func make(pin: String, iterations: Int = defaultIterations) throws -> ManagerPIN {
        let salt = SaltedSlowHash.randomSalt()
        return try make(pin: pin, salt: salt, iterations: iterations)
    }

    /// Hashes `pin` with `salt` (tests, and the check).
    public static func make(pin: String, salt: [UInt8], iterations: Int) throws -> ManagerPIN {
        ManagerPIN(
            iterations: iterations, salt: Base64Text.encode(salt),
            hash: Base64Text.encode(try derive(pin: pin, salt: salt, iterations: iterations)))
    }

    /// Whether `pin` is the PIN hashed; false for a hash this terminal cannot check.
    public func matches(_ pin: String) -> Bool {
        guard problems.isEmpty, let salt = Base64Text.decode(salt), let expected = Base64Text.decode(hash),
            let derived = try? Self.derive(pin: pin, salt: salt, iterations: iterations)
        else { return false }
        return SaltedSlowHash.constantTimeEqual(derived, expected)
    }

    /// Why this hash cannot be used; empty when it can.
    public var problems: [String] {
        var problems: [String] = []
        if algorithm != Self.algorithmName { problems.append("the PIN's algorithm \(algorithm) is not \(Self.algorithmName)") }
        if !Self.iterationRange.contains(iterations) {
            problems.append(
                "the PIN's iterations \(iterations) are outside \(Self.iterationRange.lowerBound)...\(Self.iterationRange.upperBound)")
        }
        if (Base64Text.decode(salt)?.count ?? 0) < 16 { problems.append("the PIN's salt must be at least 16 bytes, base64") }
        if Base64Text.decode(hash)?.count != 32 { problems.append("the PIN's hash must be 32 bytes, base64") }
        return problems
    }

    private static func derive(pin: String, salt: [UInt8], iterations: Int) throws -> [UInt8] {
        try SaltedSlowHash.derive(secret: pin, salt: salt, iterations: iterations)
    }
}
