import Crypto

/// The answer to AUTHENTICATE and the exact bytes the card signs.
///
/// Answer data, 104 bytes: `counter (4) || stateCounter (4) || stateHash (32) || signature (64)`.
///
/// Signed bytes, 64: `"LTAUTH01" (8) || challenge (16) || counter (4) || stateCounter (4) || stateHash (32)`,
/// ECDSA P-256 over SHA-256 with the card key. `counter` is the card counter after this
/// command's increment; `stateCounter` the counter value stored with the current state
/// (0 when none); `stateHash` SHA-256 of the stored `E2` object (32 zero bytes when none).
public struct AuthenticationAnswer: Hashable, Sendable {
    public static let domain: [UInt8] = Array("LTAUTH01".utf8)
    public static let length = 4 + 4 + 32 + MemberCardProfile.signatureLength

    public var counter: UInt32
    public var stateCounter: UInt32
    public var stateHash: [UInt8]
    public var signature: [UInt8]

    public init(counter: UInt32, stateCounter: UInt32, stateHash: [UInt8], signature: [UInt8]) {
        self.counter = counter
        self.stateCounter = stateCounter
        self.stateHash = stateHash
        self.signature = signature
    }

    /// Parses the 104 answer bytes.
    public init(bytes: [UInt8]) throws(CardProfileError) {
        guard bytes.count == Self.length else { throw .badLength(tag: MemberCardProfile.Instruction.authenticate, length: bytes.count) }
        counter = BigEndian.value(Array(bytes[0..<4]))
        stateCounter = BigEndian.value(Array(bytes[4..<8]))
        stateHash = Array(bytes[8..<40])
        signature = Array(bytes[40..<104])
    }

    /// The answer bytes.
    public var bytes: [UInt8] {
        BigEndian.bytes(counter) + BigEndian.bytes(stateCounter) + stateHash + signature
    }

    /// The bytes the card signs for `challenge`.
    public static func signedBytes(challenge: [UInt8], counter: UInt32, stateCounter: UInt32, stateHash: [UInt8]) -> [UInt8] {
        domain + challenge + BigEndian.bytes(counter) + BigEndian.bytes(stateCounter) + stateHash
    }

    /// The state hash of a stored `E2` object, or 32 zeros when there is none.
    public static func stateHash(of envelope: [UInt8]?) -> [UInt8] {
        guard let envelope else { return [UInt8](repeating: 0, count: 32) }
        return Array(SHA256.hash(data: envelope))
    }

    /// True when the card key signed this answer for `challenge`.
    public func isValid(for challenge: [UInt8], cardKey: P256.Signing.PublicKey) -> Bool {
        let message = Self.signedBytes(challenge: challenge, counter: counter, stateCounter: stateCounter, stateHash: stateHash)
        return ProfileKeys.verify(signature, of: message, by: cardKey)
    }
}
