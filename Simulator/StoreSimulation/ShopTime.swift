import Foundation
import PointsEngine

/// Weeks or months of shop time played in minutes: the scenario's span and rhythm. The store's
/// processes share a simulated clock (``ShopCalendar``) that starts at the first opening and
/// jumps from one shop day to the next between bursts of traffic.
public struct ShopTime: Codable, Sendable, Equatable {
    /// The first shop day, `YYYY-MM-DD` in the store's local time.
    public var start: String
    /// How many days the run spans (the last request falls on day `days`).
    public var days: Int
    /// The store's time zone, minutes east of UTC (the demo programme's Vietnam: 420).
    public var utcOffsetMinutes: Int
    /// Opening and closing time of day, `HH:MM` local; requests fall in between.
    public var opens: String
    public var closes: String
    /// How busy each weekday is, Monday first: a day's share of the requests is its weight.
    public var weekdayWeights: [Int]
    /// Programmes published during the run (a new version takes over from its day).
    public var programmes: [ScheduledProgramme]
    /// Event bonuses (newsletter, review, share) the back office grants over the run, spread
    /// evenly; they reach the terminals by sync and are paid at the member's next tap.
    public var eventGrants: Int
    /// The share of members a friend referred (their card's member record names the referrer);
    /// the referrer's reward goes back to the terminals as a `referral` grant.
    public var referredShare: Double
    /// A share of regulars who make a share of the visits (`{"members": 0.1, "visits": 0.5}`:
    /// one member in ten makes half the visits); the rest come now and then.
    public var regulars: Regulars?
    /// The share of members with a UID-only card (a sticker or key fob: no key, no storage):
    /// its points live in the journal of the till that reads it, so such a member shops at one
    /// till, their home till.
    public var uidOnlyShare: Double
    /// Whether the run fails unless every rule of the programme fired at least once.
    public var requireEveryRule: Bool

    public struct ScheduledProgramme: Codable, Sendable, Equatable {
        /// The day (1 = ``ShopTime/start``) from whose opening the version is in force.
        public var day: Int
        /// The programme document (relative paths are to the scenario file's folder).
        public var file: String

        public init(day: Int, file: String) {
            self.day = day
            self.file = file
        }
    }

    public struct Regulars: Codable, Sendable, Equatable {
        public var members: Double
        public var visits: Double

        public init(members: Double, visits: Double) {
            self.members = members
            self.visits = visits
        }
    }

    public init(
        start: String = "2026-01-05", days: Int = 30, utcOffsetMinutes: Int = 420, opens: String = "08:00",
        closes: String = "21:00", weekdayWeights: [Int] = [2, 2, 2, 2, 3, 4, 3], programmes: [ScheduledProgramme] = [],
        eventGrants: Int = 0, referredShare: Double = 0, regulars: Regulars? = nil, uidOnlyShare: Double = 0,
        requireEveryRule: Bool = false
    ) {
        self.start = start
        self.days = days
        self.utcOffsetMinutes = utcOffsetMinutes
        self.opens = opens
        self.closes = closes
        self.weekdayWeights = weekdayWeights
        self.programmes = programmes
        self.eventGrants = eventGrants
        self.referredShare = referredShare
        self.regulars = regulars
        self.uidOnlyShare = uidOnlyShare
        self.requireEveryRule = requireEveryRule
    }

    private enum CodingKeys: String, CodingKey {
        case start, days, utcOffsetMinutes, opens, closes, weekdayWeights, programmes, eventGrants, referredShare, regulars
        case uidOnlyShare, requireEveryRule
    }

    /// Reads the section; fields left out take their defaults.
    public init(from decoder: any Decoder) throws {
        let defaults = ShopTime()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        start = try c.decodeIfPresent(String.self, forKey: .start) ?? defaults.start
        days = try c.decodeIfPresent(Int.self, forKey: .days) ?? defaults.days
        utcOffsetMinutes = try c.decodeIfPresent(Int.self, forKey: .utcOffsetMinutes) ?? defaults.utcOffsetMinutes
        opens = try c.decodeIfPresent(String.self, forKey: .opens) ?? defaults.opens
        closes = try c.decodeIfPresent(String.self, forKey: .closes) ?? defaults.closes
        weekdayWeights = try c.decodeIfPresent([Int].self, forKey: .weekdayWeights) ?? defaults.weekdayWeights
        programmes = try c.decodeIfPresent([ScheduledProgramme].self, forKey: .programmes) ?? []
        eventGrants = try c.decodeIfPresent(Int.self, forKey: .eventGrants) ?? 0
        referredShare = try c.decodeIfPresent(Double.self, forKey: .referredShare) ?? 0
        regulars = try c.decodeIfPresent(Regulars.self, forKey: .regulars)
        uidOnlyShare = try c.decodeIfPresent(Double.self, forKey: .uidOnlyShare) ?? 0
        requireEveryRule = try c.decodeIfPresent(Bool.self, forKey: .requireEveryRule) ?? false
    }

    // MARK: Reading the fields

    /// The local day a `YYYY-MM-DD` date names (2000 ... 2100), or nil when it names none.
    static func day(_ date: String) -> Day? {
        let parts = date.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2], (2000...2100).contains(year) else {
            return nil
        }
        let named = Day(year: year, month: month, day: day)
        return named.civil == CivilDate(year: year, month: month, day: day) ? named : nil
    }

    /// Midnight of ``start`` in the store's time zone, seconds since the Unix epoch.
    var startMidnight: Int64? { Self.day(start).map { midnight(of: $0) } }

    /// Local midnight starting `day`, seconds since the Unix epoch.
    func midnight(of day: Day) -> Int64 { Timestamp.startOf(day, utcOffsetMinutes: utcOffsetMinutes).secondsSinceEpoch }

    /// `HH:MM` as seconds after midnight.
    static func secondsOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0...24).contains(parts[0]), (0...59).contains(parts[1]) else { return nil }
        let seconds = parts[0] * 3600 + parts[1] * 60
        return seconds <= 86_400 ? seconds : nil
    }

    /// Opening and closing, seconds after midnight, when both read and the store opens first.
    var openingHours: Range<Int>? {
        guard let opens = Self.secondsOfDay(opens), let closes = Self.secondsOfDay(closes), opens < closes else { return nil }
        return opens..<closes
    }

    /// Midnight of day `day` (1-based).
    func midnight(ofDay day: Int) -> Int64 { (startMidnight ?? 0) + Int64(day - 1) * 86_400 }

    /// When the store opens on day `day` (1-based).
    func opening(ofDay day: Int) -> Int64 { midnight(ofDay: day) + Int64(openingHours?.lowerBound ?? 0) }

    /// The local day of a moment.
    func localDay(_ seconds: Int64) -> Day { Timestamp(secondsSinceEpoch: seconds).day(utcOffsetMinutes: utcOffsetMinutes) }

    /// The weekday weight of day `day` (1-based).
    func weight(ofDay day: Int) -> Int {
        // 1970-01-01 (day number 0) was a Thursday; Monday is 0.
        weekdayWeights[(localDay(midnight(ofDay: day)).number + 3) % 7]
    }

    /// `YYYY-MM-DD` of a moment, in the store's local time.
    func localDate(_ seconds: Int64) -> String { localDay(seconds).description }

    /// Everything wrong with the section.
    var problems: [String] {
        var problems: [String] = []
        if startMidnight == nil { problems.append("shopTime.start \(start) is not a date YYYY-MM-DD (2000 ... 2100)") }
        if !(1...1_000).contains(days) { problems.append("shopTime.days must be 1 ... 1000, not \(days)") }
        if !(-720...840).contains(utcOffsetMinutes) { problems.append("shopTime.utcOffsetMinutes must be -720 ... 840") }
        if openingHours == nil { problems.append("shopTime.opens and closes must be HH:MM with opens before closes") }
        if weekdayWeights.count != 7 || weekdayWeights.contains(where: { $0 < 0 }) || weekdayWeights.allSatisfy({ $0 == 0 }) {
            problems.append("shopTime.weekdayWeights must be 7 weights (Monday first), 0 or more, not all 0")
        }
        for (index, programme) in programmes.enumerated() where !(1...max(1, days)).contains(programme.day) {
            problems.append("shopTime.programmes[\(index)]: day \(programme.day) is not 1 ... \(days)")
        }
        if !(0...100_000).contains(eventGrants) { problems.append("shopTime.eventGrants must be 0 ... 100000") }
        if !(0...0.9).contains(referredShare) { problems.append("shopTime.referredShare must be 0 ... 0.9") }
        if !(0...0.5).contains(uidOnlyShare) { problems.append("shopTime.uidOnlyShare must be 0 ... 0.5") }
        if let regulars, !(0.01...0.5).contains(regulars.members) || !(0...0.95).contains(regulars.visits) {
            problems.append("shopTime.regulars: members 0.01 ... 0.5 and visits 0 ... 0.95 (shares)")
        }
        return problems
    }
}
