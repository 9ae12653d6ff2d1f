/// A strict reader of a sequence of TLV objects, used to parse every template of the profile.
///
/// A template is read in order: each ``read(_:length:)`` requires the next object to have
/// that tag and a length in the allowed range; ``finish()`` requires the end. Unknown,
/// repeated, reordered or missing objects are errors. Every index is checked before use.
public struct TLVReader: Sendable {
    private let bytes: [UInt8]
    /// The offset of the next object.
    public private(set) var offset = 0

    public init(_ bytes: some Collection<UInt8>) {
        self.bytes = Array(bytes)
    }

    /// True when every byte has been read.
    public var isAtEnd: Bool { offset >= bytes.count }

    /// The tag of the next object, if any, without reading it.
    public var nextTag: UInt8? { isAtEnd ? nil : bytes[offset] }

    /// Reads the next object, whatever its tag.
    public mutating func next() throws(CardProfileError) -> TLV {
        let start = offset
        guard start < bytes.count else { throw .truncated(offset: start) }
        let tag = bytes[start]
        guard tag & 0x1F != 0x1F, tag != 0x00 else { throw .unsupportedTag(tag, offset: start) }
        guard start + 1 < bytes.count else { throw .truncated(offset: start) }
        let first = bytes[start + 1]
        var length: Int
        var valueStart: Int
        switch first {
        case 0x00..<0x80:
            length = Int(first)
            valueStart = start + 2
        case 0x81:
            guard start + 2 < bytes.count else { throw .truncated(offset: start) }
            length = Int(bytes[start + 2])
            guard length >= 0x80 else { throw .nonMinimalLength(offset: start) }
            valueStart = start + 3
        case 0x82:
            guard start + 3 < bytes.count else { throw .truncated(offset: start) }
            length = Int(bytes[start + 2]) << 8 | Int(bytes[start + 3])
            guard length >= 0x100 else { throw .nonMinimalLength(offset: start) }
            valueStart = start + 4
        default:
            throw .unsupportedLengthForm(offset: start)
        }
        guard length <= bytes.count - valueStart else { throw .truncated(offset: start) }
        offset = valueStart + length
        return TLV(tag, Array(bytes[valueStart..<(valueStart + length)]))
    }

    /// Reads the next object, which must have `tag` and a value length in `length`.
    public mutating func read(_ tag: UInt8, length: ClosedRange<Int>) throws(CardProfileError) -> [UInt8] {
        guard let found = nextTag else { throw .missingTag(tag) }
        guard found == tag else { throw .unexpectedTag(expected: tag, found: found) }
        let object = try next()
        guard length.contains(object.value.count) else { throw .badLength(tag: tag, length: object.value.count) }
        return object.value
    }

    /// Reads the next object with exactly `count` value bytes.
    public mutating func read(_ tag: UInt8, count: Int) throws(CardProfileError) -> [UInt8] {
        try read(tag, length: count...count)
    }

    /// Reads the next object when it has `tag`; returns `nil` when the next tag is another or none.
    public mutating func readOptional(_ tag: UInt8, length: ClosedRange<Int>) throws(CardProfileError) -> [UInt8]? {
        guard nextTag == tag else { return nil }
        return try read(tag, length: length)
    }

    /// Requires the end of the bytes.
    public func finish() throws(CardProfileError) {
        guard isAtEnd else { throw .trailingBytes(offset: offset) }
    }

    /// Parses `bytes` as exactly one object with `tag` and returns its value.
    public static func single(_ tag: UInt8, in bytes: some Collection<UInt8>, length: ClosedRange<Int>) throws(CardProfileError) -> [UInt8]
    {
        var reader = TLVReader(bytes)
        let value = try reader.read(tag, length: length)
        try reader.finish()
        return value
    }
}
