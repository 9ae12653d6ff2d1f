/// A calendar day, encoded in four bytes: year (two bytes, big-endian), month, day.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: UInt16
    public var month: UInt8
    public var day: UInt8

    /// - Throws: ``CardProfileError/invalidValue(tag:reason:)`` for a month outside 1-12 or a day outside 1-31.
    public init(year: UInt16, month: UInt8, day: UInt8) throws(CardProfileError) {
        guard (1...12).contains(month), (1...31).contains(day) else {
            throw .invalidValue(tag: 0, reason: "not a date: \(year)-\(month)-\(day)")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The four bytes of the encoding.
    public var bytes: [UInt8] { BigEndian.bytes(year) + [month, day] }

    /// Parses four bytes (the caller has checked the count) for object `tag`.
    init(bytes: [UInt8], tag: UInt8) throws(CardProfileError) {
        guard bytes.count == 4 else { throw .badLength(tag: tag, length: bytes.count) }
        do {
            try self.init(year: UInt16(bytes[0]) << 8 | UInt16(bytes[1]), month: bytes[2], day: bytes[3])
        } catch {
            throw .invalidValue(tag: tag, reason: "not a date")
        }
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }
}
