import BackOfficeStorage
import Crypto
import Foundation
import Hummingbird

/// Proves who a back-office user is: `Authorization: Bearer <token>`, looked up by the token's
/// SHA-256 (tokens are 256 random bits, so the digest is as good as the token and the store
/// never holds the token itself). 401 without a valid token, 403 when the role falls short.
struct UserAuthenticator: Sendable {
    let store: any LedgerStore

    func authorize(_ request: Request, needs role: Role) async throws -> BackOfficeUser {
        guard let header = request.headers[.authorization] else {
            throw BackOfficeProblem.unauthenticated("a valid Authorization: Bearer token is required", challenge: "Bearer")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let token = parts.last?.trimmingCharacters(in: .whitespaces),
            !token.isEmpty
        else {
            throw BackOfficeProblem.unauthenticated("a valid Authorization: Bearer token is required", challenge: "Bearer")
        }
        guard let user = try await store.user(tokenDigest: UserToken.digest(of: token)) else {
            throw BackOfficeProblem.unauthenticated("the token is not a back-office user's", challenge: "Bearer")
        }
        guard user.role.allows(role) else {
            throw BackOfficeProblem.forbidden("user \(user.name) is \(user.role.rawValue); this needs \(role.rawValue)")
        }
        return user
    }
}

/// Back-office users' bearer tokens: 256 random bits, shown once when the user is added.
public enum UserToken {
    /// A new token: `lbo_` and 43 base64url characters.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return "lbo_" + text
    }

    /// What the store keeps of `token`: its SHA-256.
    public static func digest(of token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }
}
