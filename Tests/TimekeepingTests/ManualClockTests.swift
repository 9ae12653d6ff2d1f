import Testing
import Timekeeping

@Suite("Timekeeping: the manual clock and wall time")
struct ManualClockTests {
    @Test("a sleep ends when the clock is moved past it, not before, and takes no real time")
    func sleepEndsOnAdvance() async throws {
        let clock = ManualClock()
        let woke = Task { try await clock.sleep(for: .seconds(3600)) }
        while clock.sleepers == 0 { await Task.yield() }
        clock.advance(by: .seconds(3599))
        #expect(clock.sleepers == 1, "an hour is not up after 59 min 59 s")
        let started = ContinuousClock.now
        clock.advance(by: .seconds(1))
        try await woke.value
        #expect(clock.sleepers == 0)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("a sleep already due returns at once; a cancelled one throws at once")
    func dueAndCancelled() async throws {
        let clock = ManualClock()
        clock.advance(by: .seconds(10))
        try await clock.sleep(until: clock.now.advanced(by: .seconds(-1)))
        let sleeping = Task { try await clock.sleep(for: .seconds(60)) }
        while clock.sleepers == 0 { await Task.yield() }
        sleeping.cancel()
        await #expect(throws: CancellationError.self) { try await sleeping.value }
        #expect(clock.sleepers == 0)
    }

    @Test("a deadline on the manual clock counts down as the clock moves")
    func deadline() {
        let clock = ManualClock()
        let deadline = Deadline(after: .seconds(30), on: clock)
        #expect(deadline.remaining == .seconds(30))
        clock.advance(by: .seconds(31))
        #expect(deadline.hasPassed)
        #expect(deadline.remaining == .seconds(-1))
    }

    @Test("shifted and manual wall times")
    func wallTimes() {
        let manual = ManualWallTime(milliseconds: 1_000_000)
        let shifted = ShiftedWallTime(offsetSeconds: -3600, of: manual)
        #expect(shifted.millisecondsSinceEpoch() == 0, "clamped at the epoch")
        manual.advance(byMilliseconds: 3_600_000)
        #expect(shifted.millisecondsSinceEpoch() == 1_000_000)
        #expect(manual.secondsSinceEpoch() == 4600)
        let system = SystemWallTime().millisecondsSinceEpoch()
        #expect(system > 1_700_000_000_000)
    }
}
