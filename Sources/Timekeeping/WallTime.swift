#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a process reads the time of day it stamps on records (journal records, ledger entries,
/// sync requests, the back office's rows). One is passed in at the top of each process and
/// handed down: the system's (``SystemWallTime``), shifted for a simulated terminal whose clock
/// drifted (``ShiftedWallTime``), or moved by a test (``ManualWallTime``).
public protocol WallTime: Sendable {
    /// Milliseconds since the Unix epoch.
    func millisecondsSinceEpoch() -> UInt64
}

extension WallTime {
    /// Whole seconds since the Unix epoch.
    public func secondsSinceEpoch() -> Int64 { Int64(millisecondsSinceEpoch() / 1000) }
}

/// The system's real-time clock (`CLOCK_REALTIME`).
public struct SystemWallTime: WallTime {
    public init() {}

    public func millisecondsSinceEpoch() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(max(0, now.tv_sec)) * 1000 + UInt64(max(0, now.tv_nsec)) / 1_000_000
    }
}

/// Another wall time moved by a fixed offset: a terminal whose clock has drifted
/// (`loyalty-terminal run --simulated-clock-offset-seconds`).
public struct ShiftedWallTime: WallTime {
    public let offsetMilliseconds: Int64
    private let base: any WallTime

    public init(offsetSeconds: Int64, of base: any WallTime = SystemWallTime()) {
        offsetMilliseconds = offsetSeconds * 1000
        self.base = base
    }

    public func millisecondsSinceEpoch() -> UInt64 {
        UInt64(max(0, Int64(base.millisecondsSinceEpoch()) + offsetMilliseconds))
    }
}
