import Synchronization

/// A wall time that moves only when told to (tests, and simulations that play days in minutes).
public final class ManualWallTime: WallTime {
    private let now: Mutex<UInt64>

    public init(milliseconds: UInt64 = 1_700_000_000_000) { now = Mutex(milliseconds) }

    public func millisecondsSinceEpoch() -> UInt64 { now.withLock { $0 } }

    /// Moves the time forward.
    public func advance(byMilliseconds delta: UInt64) { now.withLock { $0 += delta } }

    /// Sets the time.
    public func set(milliseconds: UInt64) { now.withLock { $0 = milliseconds } }
}
