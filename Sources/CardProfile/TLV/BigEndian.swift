/// Fixed-size big-endian integers, as every number in the profile is encoded.
public enum BigEndian {
    /// The `T.bitWidth / 8` bytes of `value`, most significant first.
    public static func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    /// The integer of exactly `T.bitWidth / 8` bytes; the caller has checked the count.
    public static func value<T: FixedWidthInteger>(_ bytes: [UInt8], as: T.Type = T.self) -> T {
        bytes.reduce(T.zero) { $0 << 8 | T(truncatingIfNeeded: $1) }
    }
}
