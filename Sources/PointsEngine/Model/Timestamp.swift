/// A point in time: whole seconds since 1970-01-01T00:00:00Z (Unix time).
///
/// The engine never reads a clock. The terminal passes the current time in
/// as a `Timestamp`, and the programme's UTC offset turns it into a local
/// ``Day`` for every calendar rule (birthday, expiry, tier periods, win-back).
public struct Timestamp: Codable, Hashable, Comparable, Sendable {
    /// Seconds since the Unix epoch, UTC.
    public var secondsSinceEpoch: Int64

    /// A timestamp at `secondsSinceEpoch` seconds after 1970-01-01T00:00:00Z.
    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The local calendar day of this instant at a UTC offset, in minutes.
    /// Days are floored, so an instant before the epoch lands on the right day.
    public func day(utcOffsetMinutes: Int) -> Day {
        let local = secondsSinceEpoch + Int64(utcOffsetMinutes) * 60
        let (q, r) = local.quotientAndRemainder(dividingBy: 86_400)
        return Day(number: Int(r < 0 ? q - 1 : q))
    }

    /// The timestamp at local midnight starting `day` at a UTC offset, in minutes.
    public static func startOf(_ day: Day, utcOffsetMinutes: Int) -> Timestamp {
        Timestamp(secondsSinceEpoch: Int64(day.number) * 86_400 - Int64(utcOffsetMinutes) * 60)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    public init(from decoder: any Decoder) throws {
        secondsSinceEpoch = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(secondsSinceEpoch)
    }
}
