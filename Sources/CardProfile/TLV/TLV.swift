/// One BER-TLV object of the profile's canonical subset: a one-byte tag, a length in the
/// shortest form (`00`-`7F`, `81 xx`, `82 xx xx`), and the value.
///
/// Because tags are one byte and lengths minimal, every object has exactly one encoding:
/// re-encoding a parsed object gives back the bytes that were read, which is what makes
/// "the exact bytes signed" well defined.
public struct TLV: Hashable, Sendable {
    /// The largest value length the profile encodes (two length bytes).
    public static let maximumValueLength = 0xFFFF

    public var tag: UInt8
    public var value: [UInt8]

    public init(_ tag: UInt8, _ value: [UInt8]) {
        self.tag = tag
        self.value = value
    }

    /// A constructed object whose value is the concatenated encodings of `children`.
    public init(_ tag: UInt8, children: [TLV]) {
        self.init(tag, children.flatMap(\.encoded))
    }

    /// The canonical encoding: tag, minimal length, value.
    /// - Precondition: `value.count <= TLV.maximumValueLength` (every encoder of the
    ///   profile bounds its fields far below that).
    public var encoded: [UInt8] {
        precondition(value.count <= Self.maximumValueLength, "TLV value too long")
        var out: [UInt8] = [tag]
        out.reserveCapacity(4 + value.count)
        switch value.count {
        case 0..<0x80: out.append(UInt8(value.count))
        case 0x80...0xFF: out += [0x81, UInt8(value.count)]
        default: out += [0x82, UInt8(value.count >> 8), UInt8(value.count & 0xFF)]
        }
        return out + value
    }
}
