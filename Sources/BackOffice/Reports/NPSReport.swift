import BackOfficeStorage
import PointsEngine

/// The Net Promoter Score per store and month: the share of promoters (9 and 10) less the share
/// of detractors (0 to 6), in points from −100 to 100, with the number of answers it rests on.
public struct NPSReport: Sendable, Equatable, Codable {
    /// One store's answers of one month (`store` nil: every store's).
    public struct Month: Sendable, Equatable, Codable {
        public var store: String?
        /// `YYYY-MM`, in the shops' local time.
        public var month: String
        public var answers: Int
        public var promoters: Int
        public var passives: Int
        public var detractors: Int
        /// %promoters − %detractors; nil without answers.
        public var nps: Double?

        public init(store: String?, month: String, promoters: Int, passives: Int, detractors: Int) {
            self.store = store
            self.month = month
            self.promoters = promoters
            self.passives = passives
            self.detractors = detractors
            answers = promoters + passives + detractors
            nps = answers > 0 ? Double(promoters - detractors) * 100 / Double(answers) : nil
        }
    }

    /// Per store and month, by store then month; then every store's per month (when the report
    /// covers more than one store).
    public var months: [Month]

    /// The report from counted answers; `allStores` adds the months of every store together.
    public init(counts: [SurveyCount], allStores: Bool) {
        var tally: [String?: [String: (Int, Int, Int)]] = [:]
        for count in counts {
            let civil = Day(number: count.day).civil
            let month = "\(civil.year)-\(civil.month < 10 ? "0" : "")\(civil.month)"
            for store in allStores ? [count.store, nil] : [count.store] {
                var (promoters, passives, detractors) = tally[store, default: [:]][month] ?? (0, 0, 0)
                switch count.score {
                case 9...10: promoters += count.answers
                case 7...8: passives += count.answers
                default: detractors += count.answers
                }
                tally[store, default: [:]][month] = (promoters, passives, detractors)
            }
        }
        let stores = tally.keys.sorted { ($0 ?? "\u{10FFFF}") < ($1 ?? "\u{10FFFF}") }
        months = stores.flatMap { store in
            tally[store]!.sorted { $0.key < $1.key }.map { month, counts in
                Month(store: store, month: month, promoters: counts.0, passives: counts.1, detractors: counts.2)
            }
        }
    }

    /// The report as lines for people.
    public var text: String {
        var lines = ["store           month    answers  NPS    (promoters / passives / detractors)"]
        for month in months {
            let store = month.store.map { $0.isEmpty ? "(no store)" : $0 } ?? "all stores"
            let nps = month.nps.map { String(format: "%+.0f", $0) } ?? "n/a"
            lines.append(
                store.padding(toLength: max(16, store.count + 1), withPad: " ", startingAt: 0) + month.month + "  "
                    + String(month.answers).padding(toLength: 9, withPad: " ", startingAt: 0)
                    + nps.padding(toLength: 7, withPad: " ", startingAt: 0)
                    + "(\(month.promoters) / \(month.passives) / \(month.detractors))")
        }
        if months.isEmpty { lines.append("no answers in the period") }
        return lines.joined(separator: "\n")
    }
}

/// The NPS of a period from the survey answers the back office holds (the tills' `survey`
/// entries, projected with the overview, and imported files).
public enum NPSReporter {
    /// The answers of `from..<to` (seconds), months in local time `utcOffsetMinutes` east of UTC.
    public static func report(
        from: Int64, to: Int64, utcOffsetMinutes: Int, scope: OverviewScope = .all, store: any OverviewStore
    ) async throws -> NPSReport {
        let counts = try await store.surveyCounts(from: from, to: to, utcOffsetSeconds: Int64(utcOffsetMinutes) * 60, scope: scope)
        return NPSReport(counts: counts, allStores: scope.store == nil)
    }
}
