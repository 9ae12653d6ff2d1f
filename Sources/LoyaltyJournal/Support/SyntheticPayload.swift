/// Deterministic transaction payloads for stress runs, crash tests and benchmarks: the payload
/// of sequence `n` can be rebuilt from `n` alone, so a checker can tell a whole, correct
/// transaction from a partial or misplaced one.
public enum SyntheticPayload {
    /// The payload for `sequence`: `length` bytes (or a length from 1 to `maxLength` chosen by the
    /// sequence when `length` is nil), starting with the sequence number, little-endian.
    public static func make(sequence: UInt64, length: Int? = nil, maxLength: Int = 200) -> [UInt8] {
        var rng = SplitMix64(seed: sequence &* 0x9E37_79B9)
        let count = max(8, length ?? Int(1 + rng.next() % UInt64(max(1, maxLength))))
        var bytes = [UInt8](repeating: 0, count: count)
        withUnsafeBytes(of: sequence.littleEndian) { for i in 0..<8 { bytes[i] = $0[i] } }
        for i in 8..<count { bytes[i] = UInt8(truncatingIfNeeded: rng.next()) }
        return bytes
    }

    /// Whether `payload` is exactly what ``make(sequence:length:maxLength:)`` gives for `sequence`.
    public static func isValid(_ payload: [UInt8], sequence: UInt64, length: Int? = nil, maxLength: Int = 200) -> Bool {
        payload == make(sequence: sequence, length: length, maxLength: maxLength)
    }
}
