import Foundation
import Testing

@testable import StoreSimulation

/// A scenario over shop time: its section read and checked, the moments its requests fall on,
/// and a plan that leaves the rest of the scenario as the seed drew it.
@Suite("Store scenario over shop time")
struct ShopTimePlanTests {
    func scenario(_ shopTime: String?, seed: UInt64 = 7) throws -> Scenario {
        let section = shopTime.map { #","shopTime":\#($0)"# } ?? ""
        var scenario = try JSONDecoder().decode(
            Scenario.self,
            from: Data(#"{"name":"shop","terminals":3,"members":40,"transactions":900\#(section)}"#.utf8))
        scenario.seed = seed
        return scenario
    }

    @Test("requests fall in opening hours, in order, each weekday taking its weight's share; a closed day gets none")
    func moments() throws {
        let shopTime = #"{"start":"2026-03-02","days":28,"opens":"09:30","closes":"18:00","weekdayWeights":[1,1,1,1,1,4,0]}"#
        let scenario = try scenario(shopTime)
        let plan = ScenarioPlan(scenario)
        let section = try #require(scenario.shopTime)
        #expect(plan.times.count == 900 && plan.times == plan.times.sorted())
        #expect(plan.requests.map(\.shopTime) == plan.times.map { Optional($0) })
        var perWeekday = [Int](repeating: 0, count: 7)
        for moment in plan.times {
            let local = moment + 420 * 60
            let seconds = Int(local % 86_400)
            #expect((9 * 3600 + 1800..<18 * 3600).contains(seconds), "\(section.localDate(moment)) at second \(seconds)")
            let day = Int((moment - section.midnight(ofDay: 1)) / 86_400) + 1
            #expect((1...28).contains(day))
            perWeekday[(day - 1) % 7] += 1  // 2 March 2026 is a Monday.
        }
        #expect(perWeekday[6] == 0, "Sunday is closed")
        // Saturday weighs four weekdays: about 4/9 of the requests.
        #expect((330...470).contains(perWeekday[5]), "\(perWeekday)")
    }

    @Test("shop time draws from its own stream: the members, tills and kinds stay those of the scenario without it")
    func ownStream() throws {
        let plain = ScenarioPlan(try scenario(nil))
        let timed = ScenarioPlan(try scenario(#"{"days":60,"eventGrants":30,"referredShare":0.3}"#))
        #expect(
            plain.requests.map { "\($0.terminal) \($0.member) \($0.name)" }
                == timed.requests.map { "\($0.terminal) \($0.member) \($0.name)" })
        #expect(plain.times.isEmpty && plain.grants.isEmpty && plain.referrers.isEmpty)
        #expect(timed.grants.count == 30 && timed.grants.allSatisfy { (1...60).contains($0.day) })
        #expect(timed.grants.map(\.day) == timed.grants.map(\.day).sorted())
        #expect(!timed.referrers.isEmpty && timed.referrers.allSatisfy { $0.key != $0.value && (0..<40).contains($0.value) })
        // A taxed bill or a number of points only over shop time.
        #expect(plain.requests.allSatisfy { $0.extras.tax == nil && $0.extras.redeemPoints == nil })
        #expect(timed.requests.contains { $0.extras.tax != nil } && timed.requests.contains { $0.extras.redeemPoints != nil })
    }

    @Test("a member with a UID-only card shops at one till, and no card fault picks them")
    func uidOnlyAtHome() throws {
        var scenario = try scenario(#"{"days":30,"uidOnlyShare":0.3}"#)
        scenario.faults = (0..<20).map { _ in Scenario.Fault(kind: .copiedCard, at: nil) }
        let plan = ScenarioPlan(scenario)
        #expect((5...20).contains(plan.uidOnly.count), "\(plan.uidOnly.count) of 40")
        for request in plan.requests where plan.uidOnly.contains(request.member) { #expect(request.terminal == request.member % 3) }
        #expect(plan.faults.allSatisfy { !plan.uidOnly.contains($0.member) })
    }

    @Test("regulars make their share of the visits")
    func regulars() throws {
        let plan = ScenarioPlan(try scenario(#"{"days":30,"regulars":{"members":0.1,"visits":0.6}}"#))
        let byRegulars = plan.requests.filter { $0.member < 4 }.count
        #expect((470...610).contains(byRegulars), "\(byRegulars) of 900 visits by the 4 regulars")
    }

    @Test("a section that cannot run is refused with every problem named")
    func problems() throws {
        let bad = try scenario(
            #"{"start":"2026-02-30","days":0,"opens":"18:00","closes":"09:00","weekdayWeights":[1,1],"referredShare":2,"programmes":[{"day":5,"file":"x.json"}]}"#
        )
        let problems = bad.problems.joined(separator: "\n")
        for field in ["shopTime.start", "shopTime.days", "opens and closes", "weekdayWeights", "referredShare", "programmes[0]"] {
            #expect(problems.contains(field), "\(field) not named in:\n\(problems)")
        }
        #expect(try scenario(#"{"days":30}"#).problems.isEmpty)
        var drift = try scenario(nil)
        drift.faults = [Scenario.Fault(kind: .clockDrift, at: 0.5, terminal: 0, seconds: -86_400)]
        #expect(drift.problems.isEmpty, "a clock a day behind is a fault the store can play")
        drift.faults[0].seconds = -86_401
        #expect(!drift.problems.isEmpty)
        // An outage lasts seconds, or shop days over shop time.
        var outage = try scenario(#"{"days":30}"#)
        outage.faults = [Scenario.Fault(kind: .outage, at: 0.5, terminal: 0, days: 5)]
        #expect(outage.problems.isEmpty)
        outage.faults[0].seconds = 10
        #expect(outage.problems.contains { $0.contains("seconds or days, not both") })
        drift.faults = [Scenario.Fault(kind: .outage, at: 0.5, terminal: 0, days: 5)]
        #expect(drift.problems.contains { $0.contains("days needs shopTime") })
    }

    @Test("the months a span touches, as the retention check asks the back office for them")
    func months() throws {
        let section = try #require(try scenario(#"{"start":"2026-01-30","days":35}"#).shopTime)
        let months = ShopTimeChecks.months(of: section)
        #expect(months.map(\.first) == ["2026-01-01", "2026-02-01", "2026-03-01"])
        #expect(months.map(\.last) == ["2026-01-31", "2026-02-28", "2026-03-31"])
    }
}
