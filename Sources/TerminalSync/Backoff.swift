/// Exponential backoff with jitter: after `n` failures in a row the wait is drawn uniformly from
/// the upper half of `min(initial * 2^(n-1), maximum)`, so terminals that lost the back office
/// together do not come back in step.
struct Backoff: Sendable {
    let initial: Duration
    let maximum: Duration
    private(set) var failures = 0

    init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    /// Counts a failure and returns how long to wait before the next try.
    mutating func failed<G: RandomNumberGenerator>(using generator: inout G) -> Duration {
        failures += 1
        let ceiling = min(initial * (1 << min(failures - 1, 30)), maximum)
        let fraction = Double.random(in: 0.5...1.0, using: &generator)
        return ceiling * fraction
    }

    mutating func failed() -> Duration {
        var generator = SystemRandomNumberGenerator()
        return failed(using: &generator)
    }

    mutating func succeeded() { failures = 0 }
}
