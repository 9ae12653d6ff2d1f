/// A local calendar day, counted from 1970-01-01 (day 0) in the proleptic
/// Gregorian calendar. Encoded as its number.
public struct Day: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var number: Int

    /// The day `number` days after 1970-01-01.
    public init(number: Int) { self.number = number }

    /// The day of a civil date. Month 1...12, day 1...31 (not checked against
    /// the month's length; an overlong day rolls into the next month).
    public init(year: Int, month: Int, day: Int) {
        // Howard Hinnant's days_from_civil, integer only.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = era * 146_097 + doe - 719_468
    }

    /// The civil date of this day.
    public var civil: CivilDate {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return CivilDate(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// The calendar month containing this day.
    public var month: Month { Month(year: civil.year, month: civil.month) }

    /// The day `n` days later (or earlier when negative).
    public func adding(days n: Int) -> Day { Day(number: number + n) }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }

    /// ISO 8601 date, e.g. `2025-03-14`.
    public var description: String { civil.description }

    public init(from decoder: any Decoder) throws {
        number = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(number)
    }
}

/// A year, month and day of the Gregorian calendar.
public struct CivilDate: Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// A calendar month, counted as `year * 12 + (month - 1)`. Encoded as that index.
public struct Month: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `year * 12 + (month - 1)`.
    public var index: Int

    public init(index: Int) { self.index = index }

    public init(year: Int, month: Int) { index = year * 12 + (month - 1) }

    public var year: Int { index >= 0 ? index / 12 : (index - 11) / 12 }
    public var monthOfYear: Int { index - year * 12 + 1 }

    /// The first day of this month.
    public var firstDay: Day { Day(year: year, month: monthOfYear, day: 1) }

    /// The month `n` months later (or earlier when negative).
    public func adding(months n: Int) -> Month { Month(index: index + n) }

    public static func < (lhs: Month, rhs: Month) -> Bool { lhs.index < rhs.index }

    private static let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// e.g. `Mar 2025`.
    public var description: String { "\(Self.names[monthOfYear - 1]) \(year)" }

    public init(from decoder: any Decoder) throws {
        index = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(index)
    }
}
