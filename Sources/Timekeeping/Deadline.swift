/// A point in time on a clock passed in as `any Clock<Duration>`, to ask how much of a wait is
/// left (the clock's own `Instant` type stays hidden inside).
public struct Deadline: Sendable {
    private let left: @Sendable () -> Duration

    /// The deadline `duration` from now on `clock`.
    public init<C: Clock>(after duration: Duration, on clock: C) where C.Duration == Duration {
        let end = clock.now.advanced(by: duration)
        left = { clock.now.duration(to: end) }
    }

    /// The time left (negative once passed).
    public var remaining: Duration { left() }

    /// Whether the deadline has passed.
    public var hasPassed: Bool { remaining <= .zero }
}
