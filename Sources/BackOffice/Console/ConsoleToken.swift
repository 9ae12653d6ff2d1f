import Crypto
import Foundation
import SyncProtocol

/// The console's random tokens (session ids, CSRF tokens): 256 random bits, base64url.
enum ConsoleToken {
    /// A new token: 43 base64url characters.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// What the store keeps of a session id: its SHA-256.
    static func digest(of token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    /// Whether two tokens are equal, compared in constant time.
    static func equal(_ a: String, _ b: String) -> Bool {
        SaltedSlowHash.constantTimeEqual(Array(a.utf8), Array(b.utf8))
    }

    /// Whether `text` looks like a token this console made.
    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 43 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
