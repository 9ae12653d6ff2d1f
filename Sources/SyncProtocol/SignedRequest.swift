import CardProfile
import Crypto

/// What a terminal signs for every request: who, when, a nonce, and the request itself.
///
/// The canonical text (UTF-8, lines ending in `\n`, no trailing newline):
/// ```
/// LOYALTY-SYNC-1
/// <METHOD>
/// <path and query, as sent>
/// <terminal id>
/// <time, ms since the epoch>
/// <nonce>
/// <SHA-256 of the body as sent, lowercase hex>
/// ```
public struct SignedRequest: Sendable, Equatable {
    /// How far a request's time may be from the back office's clock, either way.
    public static let window: Int64 = 300_000

    public var method: String
    public var path: String
    public var terminal: UInt32
    public var time: Int64
    public var nonce: String
    public var bodyDigest: [UInt8]

    public init(method: String, path: String, terminal: UInt32, time: Int64, nonce: String, body: some Sequence<UInt8>) {
        self.method = method
        self.path = path
        self.terminal = terminal
        self.time = time
        self.nonce = nonce
        var hasher = SHA256()
        hasher.update(data: Array(body))
        bodyDigest = Array(hasher.finalize())
    }

    /// The text that is signed.
    public var canonicalText: String {
        ["LOYALTY-SYNC-1", method.uppercased(), path, String(terminal), String(time), nonce, HexText.encode(bodyDigest)]
            .joined(separator: "\n")
    }

    /// A fresh nonce: 16 random bytes in hex.
    public static func newNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return HexText.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The headers that carry this request's identity and `key`'s signature of it.
    public func headers(signedWith key: P256.Signing.PrivateKey) -> [(name: String, value: String)] {
        [
            (SyncHeader.terminal, String(terminal)),
            (SyncHeader.time, String(time)),
            (SyncHeader.nonce, nonce),
            (SyncHeader.signature, HexText.encode(ProfileKeys.sign(Array(canonicalText.utf8), with: key))),
        ]
    }

    /// Reads a request's identity from its headers and checks its shape; the signature is
    /// checked by ``verify(signature:by:now:)`` once the terminal's key is known.
    /// - Returns: the request and the signature it carries.
    public static func read(
        method: String, path: String, body: some Sequence<UInt8>, header: (String) -> String?
    ) throws(AuthenticationFailure) -> (request: SignedRequest, signature: [UInt8]) {
        func value(_ name: String) throws(AuthenticationFailure) -> String {
            guard let value = header(name), !value.isEmpty else { throw .missingHeader(name) }
            return value
        }
        // Plain decimal only (no sign, no leading zero), so each request has one canonical text.
        let terminalText = try value(SyncHeader.terminal)
        guard let terminal = UInt32(terminalText), String(terminal) == terminalText else { throw .malformedHeader(SyncHeader.terminal) }
        let timeText = try value(SyncHeader.time)
        guard let time = Int64(timeText), String(time) == timeText else { throw .malformedHeader(SyncHeader.time) }
        let nonce = try value(SyncHeader.nonce)
        guard nonce.utf8.count == 32, nonce.utf8.allSatisfy(Self.isLowercaseHexDigit) else { throw .malformedHeader(SyncHeader.nonce) }
        let signatureText = try value(SyncHeader.signature)
        guard signatureText.utf8.count == 128, signatureText.utf8.allSatisfy(Self.isLowercaseHexDigit),
            let signature = HexText.decode(signatureText)
        else {
            throw .malformedHeader(SyncHeader.signature)
        }
        return (SignedRequest(method: method, path: path, terminal: terminal, time: time, nonce: nonce, body: body), signature)
    }

    /// Checks the signature against the terminal's enrolled key and the time against the window.
    public func verify(signature: [UInt8], by key: P256.Signing.PublicKey, now: Int64) throws(AuthenticationFailure) {
        guard ProfileKeys.verify(signature, of: Array(canonicalText.utf8), by: key) else { throw .badSignature }
        let skew = time - now
        guard abs(skew) <= Self.window else { throw .outsideWindow(skewMilliseconds: skew) }
    }

    private static func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

/// Why a terminal's request was not taken as its own.
public enum AuthenticationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case missingHeader(String)
    case malformedHeader(String)
    case unknownTerminal(UInt32)
    case revoked(UInt32)
    case badSignature
    case outsideWindow(skewMilliseconds: Int64)
    case replayed
    case wrongTerminal(signedBy: UInt32, named: UInt32)

    /// A short stable code, recorded with every refusal.
    public var code: String {
        switch self {
        case .missingHeader: "missing-header"
        case .malformedHeader: "malformed-header"
        case .unknownTerminal: "unknown-terminal"
        case .revoked: "revoked"
        case .badSignature: "bad-signature"
        case .outsideWindow: "outside-window"
        case .replayed: "replayed"
        case .wrongTerminal: "wrong-terminal"
        }
    }

    public var description: String {
        switch self {
        case .missingHeader(let name): "the request carries no \(name) header"
        case .malformedHeader(let name): "the \(name) header is malformed"
        case .unknownTerminal(let id): "terminal \(id) is not enrolled"
        case .revoked(let id): "terminal \(id) is revoked"
        case .badSignature: "the signature does not match the request and the terminal's key"
        case .outsideWindow(let skew):
            "the request's time is \(skew / 1000) s from the back office's clock (at most \(SignedRequest.window / 1000) s)"
        case .replayed: "this nonce was used already: a replayed request"
        case .wrongTerminal(let signer, let named): "signed by terminal \(signer) but speaks for terminal \(named)"
        }
    }
}
