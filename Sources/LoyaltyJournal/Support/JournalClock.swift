import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the journal gets the time it stamps on records and sync marks. Injected, so tests and
/// the simulator control time; the terminal passes ``WallClock``.
public protocol JournalClock: Sendable {
    /// Milliseconds since the Unix epoch.
    func millisecondsSinceEpoch() -> UInt64
}

/// The system's real-time clock (`CLOCK_REALTIME`).
public struct WallClock: JournalClock {
    public init() {}

    public func millisecondsSinceEpoch() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(max(0, now.tv_sec)) * 1000 + UInt64(max(0, now.tv_nsec)) / 1_000_000
    }
}

/// A clock that moves only when told to.
public final class ManualClock: JournalClock {
    private let now: Mutex<UInt64>

    public init(milliseconds: UInt64 = 1_700_000_000_000) { now = Mutex(milliseconds) }

    public func millisecondsSinceEpoch() -> UInt64 { now.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(byMilliseconds delta: UInt64) { now.withLock { $0 += delta } }
}
