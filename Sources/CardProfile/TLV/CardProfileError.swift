/// Why bytes are not a valid object of the card profile.
///
/// Every parser of the profile throws only this type: a malformed answer is an error that
/// says where and what, never a crash or an out-of-bounds read.
public enum CardProfileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bytes end inside a tag, a length or a value that starts at `offset`.
    case truncated(offset: Int)
    /// A tag of the multi-byte form (`xF` low five bits all ones) or a padding byte (`00`, `FF`).
    case unsupportedTag(UInt8, offset: Int)
    /// A length in the indefinite form (`80`) or longer than two bytes (`83`...).
    case unsupportedLengthForm(offset: Int)
    /// A length encoded in more bytes than needed (`81 05`): the profile is canonical.
    case nonMinimalLength(offset: Int)
    /// The next object has another tag than the template requires.
    case unexpectedTag(expected: UInt8, found: UInt8)
    /// The template ended before a required object.
    case missingTag(UInt8)
    /// An object's length is outside what the profile allows for its tag.
    case badLength(tag: UInt8, length: Int)
    /// Bytes follow the last object of a template.
    case trailingBytes(offset: Int)
    /// A value is well-formed but not allowed (a month 13, a version 2).
    case invalidValue(tag: UInt8, reason: String)
    /// A public or private key is not a valid P-256 key.
    case invalidKey(String)
    /// An object is larger than the profile allows.
    case tooLarge(Int)

    public var description: String {
        switch self {
        case .truncated(let offset): "truncated at offset \(offset)"
        case .unsupportedTag(let tag, let offset): "unsupported tag \(hex(tag)) at offset \(offset)"
        case .unsupportedLengthForm(let offset): "unsupported length form at offset \(offset)"
        case .nonMinimalLength(let offset): "non-minimal length at offset \(offset)"
        case .unexpectedTag(let expected, let found): "expected tag \(hex(expected)), found \(hex(found))"
        case .missingTag(let tag): "missing tag \(hex(tag))"
        case .badLength(let tag, let length): "tag \(hex(tag)) has a bad length \(length)"
        case .trailingBytes(let offset): "trailing bytes at offset \(offset)"
        case .invalidValue(let tag, let reason): "tag \(hex(tag)): \(reason)"
        case .invalidKey(let reason): "invalid key: \(reason)"
        case .tooLarge(let count): "object too large (\(count) bytes)"
        }
    }
}

func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}
