import Foundation
import Timekeeping

/// The store's shared clock over weeks or months of shop time, and the day barrier of its
/// tills: every process of the store reads the clock from one file (``SimulatedClockFile``), and
/// the calendar moves it. A cashier waits before a request of a later day until every other
/// cashier is done with the days before; then the night passes (the programmes and grants due
/// are published) and the clock jumps to the next opening. Within a day the clock moves forward
/// to each request's planned time, never back.
actor ShopCalendar {
    let shopTime: ShopTime
    let file: SimulatedClockFile
    /// Work between two shop days (publishing what is due on the days passed), given the last
    /// day done and the day about to open.
    private let night: @Sendable (_ from: Int, _ to: Int) async -> Void
    /// Work once the clock shows the new day's opening, before its first request.
    private let morning: @Sendable () async -> Void
    private var day = 1
    private var active: Set<Int>
    private var waiting: [Int: (day: Int, continuation: CheckedContinuation<Void, Never>)] = [:]
    private var changingDay = false

    /// Sets the clock in `clockPath` to the first opening, before any process of the store
    /// starts; returns the environment that puts a process on it.
    static func startClock(_ shopTime: ShopTime, clockPath: String) throws -> [String: String] {
        try set(SimulatedClockFile(path: clockPath), to: shopTime.opening(ofDay: 1))
        return [SimulatedClockFile.environmentVariable: clockPath]
    }

    /// The calendar of the clock ``startClock(_:clockPath:)`` started, for `terminals` tills.
    init(
        shopTime: ShopTime, clockPath: String, terminals: Int, night: @escaping @Sendable (_ from: Int, _ to: Int) async -> Void,
        morning: @escaping @Sendable () async -> Void
    ) {
        self.shopTime = shopTime
        file = SimulatedClockFile(path: clockPath)
        active = Set(0..<terminals)
        self.night = night
        self.morning = morning
    }

    /// The shop day open now (1-based).
    var today: Int { day }

    /// Whether every till has made its last request.
    var closed: Bool { active.isEmpty }

    /// The shop time now, seconds since the epoch.
    nonisolated var now: Int64 { SimulatedWallTime(file: file).secondsSinceEpoch() }

    /// The shop day of a moment (1-based).
    nonisolated func day(of moment: Int64) -> Int { Int((moment - shopTime.midnight(ofDay: 1)) / 86_400) + 1 }

    /// Waits until the shop is at `moment`'s day (the other tills done with the days before),
    /// then moves the clock forward to `moment` if it is behind.
    func reach(_ moment: Int64, terminal: Int) async {
        let target = day(of: moment)
        if target > day {
            await withCheckedContinuation { continuation in
                waiting[terminal] = (target, continuation)
                advanceIfAllWaiting()
            }
        }
        if moment > now { try? Self.set(file, to: moment) }
    }

    /// Tells the calendar that a till has made its last request.
    func finished(terminal: Int) {
        active.remove(terminal)
        advanceIfAllWaiting()
    }

    private func advanceIfAllWaiting() {
        guard !changingDay, !active.isEmpty, active.allSatisfy({ waiting[$0] != nil }) else { return }
        let next = waiting.values.map(\.day).min()!
        changingDay = true
        Task { await self.openDay(next) }
    }

    private func openDay(_ next: Int) async {
        await night(day, next)
        day = next
        try? Self.set(file, to: max(now, shopTime.opening(ofDay: next)))
        await morning()
        changingDay = false
        for (terminal, wait) in waiting where wait.day <= next {
            waiting[terminal] = nil
            wait.continuation.resume()
        }
        advanceIfAllWaiting()
    }

    private static func set(_ file: SimulatedClockFile, to moment: Int64) throws {
        let system = Int64(SystemWallTime().millisecondsSinceEpoch())
        try file.write(offsetMilliseconds: moment * 1000 - system)
    }
}
