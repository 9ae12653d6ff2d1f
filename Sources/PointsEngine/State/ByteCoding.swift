/// Varint writer for the compact member state.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func signed(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func string(_ text: String) {
        unsigned(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    /// (month, amount) items with months as deltas from the previous one.
    mutating func months(_ items: [(Month, Int64)]) {
        unsigned(UInt64(items.count))
        var previous = 0
        for (month, amount) in items {
            signed(Int64(month.index - previous))
            previous = month.index
            unsigned(UInt64(clamping: amount))
        }
    }
}

/// Varint reader for the compact member state; every read is bounds-checked.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() throws(CompactDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func unsigned() throws(CompactDecodingError) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            let b = try byte()
            if shift == 63 && b > 1 { throw .overlongInteger }
            value |= UInt64(b & 0x7F) << UInt64(shift)
            if b & 0x80 == 0 { return value }
        }
        throw .overlongInteger
    }

    mutating func signed() throws(CompactDecodingError) -> Int64 {
        let u = try unsigned()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    /// A non-negative amount that fits in `Int64`.
    mutating func amount() throws(CompactDecodingError) -> Int64 {
        let u = try unsigned()
        guard u <= UInt64(Int64.max) else { throw .valueOutOfRange }
        return Int64(u)
    }

    /// A signed value that fits in 32 bits (days, months, years).
    mutating func int() throws(CompactDecodingError) -> Int {
        let v = try signed()
        guard v >= Int64(Int32.min) && v <= Int64(Int32.max) else { throw .valueOutOfRange }
        return Int(v)
    }

    mutating func count(max: Int) throws(CompactDecodingError) -> Int {
        let n = try unsigned()
        guard n <= UInt64(max) else { throw .tooManyItems }
        return Int(n)
    }

    mutating func string(maxBytes: Int) throws(CompactDecodingError) -> String {
        let n = try count(max: maxBytes)
        guard bytes.count - offset >= n else { throw .truncated }
        let slice = bytes[offset..<offset + n]
        offset += n
        guard let text = String(validating: slice, as: UTF8.self) else { throw .invalidText }
        return text
    }

    mutating func months(max: Int) throws(CompactDecodingError) -> [(Month, Int64)] {
        let n = try count(max: max)
        var items: [(Month, Int64)] = []
        var previous = 0
        for _ in 0..<n {
            let delta = try int()
            let (index, overflow) = previous.addingReportingOverflow(delta)
            guard !overflow, index >= Int(Int32.min), index <= Int(Int32.max) else { throw .valueOutOfRange }
            previous = index
            items.append((Month(index: index), try amount()))
        }
        return items
    }
}
