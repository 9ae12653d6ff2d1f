import PointsEngine

/// The period the retention figures describe, and the one of the same length just before it
/// (whose customers the period retains or loses). Times are the terminals' clocks.
public struct RetentionPeriod: Sendable, Equatable, Codable {
    /// Start, seconds since the Unix epoch (included).
    public var from: Int64
    /// End, seconds since the Unix epoch (excluded).
    public var to: Int64

    /// A period of at least one second.
    public init(from: Int64, to: Int64) throws(RetentionPeriodError) {
        guard to > from else { throw RetentionPeriodError("the period must end after it starts") }
        self.from = from
        self.to = to
    }

    /// From day `first` to day `last`, both included, in local time `utcOffsetMinutes` east of UTC.
    public init(first: Day, last: Day, utcOffsetMinutes: Int = 0) throws(RetentionPeriodError) {
        guard last >= first else { throw RetentionPeriodError("the last day \(last) is before the first \(first)") }
        let offset = Int64(utcOffsetMinutes) * 60
        try self.init(from: Int64(first.number) * 86_400 - offset, to: Int64(last.number + 1) * 86_400 - offset)
    }

    /// From `first` to `last` given as `YYYY-MM-DD`, both included.
    public init(first: String, last: String, utcOffsetMinutes: Int = 0) throws(RetentionPeriodError) {
        guard (-14 * 60...14 * 60).contains(utcOffsetMinutes) else {
            throw RetentionPeriodError("a UTC offset is between -840 and 840 minutes, not \(utcOffsetMinutes)")
        }
        try self.init(first: try Self.day(first), last: try Self.day(last), utcOffsetMinutes: utcOffsetMinutes)
    }

    /// A `YYYY-MM-DD` date.
    static func day(_ text: String) throws(RetentionPeriodError) -> Day {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day),
            Day(year: year, month: month, day: day).civil == CivilDate(year: year, month: month, day: day)
        else { throw RetentionPeriodError("\(text) is not a date (YYYY-MM-DD)") }
        return Day(year: year, month: month, day: day)
    }

    public var seconds: Int64 { to - from }
    /// The period of the same length that ends where this one starts.
    public var previous: (from: Int64, to: Int64) { (from - seconds, from) }

    /// 0 for the period before, 1 for this one, nil for any other time.
    func window(of time: Int64) -> Int? {
        if time >= from && time < to { return 1 }
        if time >= from - seconds && time < from { return 0 }
        return nil
    }
}

/// Why a period cannot be used.
public struct RetentionPeriodError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
