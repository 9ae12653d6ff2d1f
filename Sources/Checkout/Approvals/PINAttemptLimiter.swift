import Synchronization

/// Wrong PINs by manager id, as token buckets: each manager starts with ``burst`` attempts, each
/// wrong PIN takes one, one comes back every ``refill``. A manager with none left is refused
/// `pin-locked` before the PIN is even checked. Ids no manager has share one bucket, so guessing
/// ids is limited too.
final class PINAttemptLimiter: Sendable {
    /// Wrong PINs a manager may have in a row.
    let burst: Int
    /// How long one wrong PIN is held against the manager.
    let refill: Duration
    private let now: @Sendable () -> Duration
    private let buckets = Mutex<[String: (attempts: Double, updated: Duration)]>([:])

    init(burst: Int = 5, refill: Duration = .seconds(60), now: @escaping @Sendable () -> Duration = PINAttemptLimiter.monotonicNow) {
        self.burst = max(1, burst)
        self.refill = refill > .zero ? refill : .seconds(1)
        self.now = now
    }

    @Sendable static func monotonicNow() -> Duration { ContinuousClock.now - origin }
    private static let origin = ContinuousClock.now

    /// The time `key` must wait before its next attempt, or `nil` when it may try now.
    func waitBeforeAttempt(_ key: String) -> Duration? {
        let now = now()
        return buckets.withLock { table -> Duration? in
            guard let bucket = table[key] else { return nil }
            let attempts = refilled(bucket, at: now)
            return attempts < 1 ? refill * (1 - attempts) : nil
        }
    }

    /// Counts a wrong PIN for `key`; returns the attempts left.
    @discardableResult
    func recordFailure(_ key: String) -> Int {
        let now = now()
        return buckets.withLock { table -> Int in
            let attempts = max(0, table[key].map { refilled($0, at: now) } ?? Double(burst)) - 1
            table[key] = (max(0, attempts), now)
            if table.count > 1024 { table = table.filter { refilled($0.value, at: now) < Double(burst) } }
            return Int(max(0, attempts))
        }
    }

    /// A right PIN: `key` starts afresh.
    func recordSuccess(_ key: String) {
        _ = buckets.withLock { $0.removeValue(forKey: key) }
    }

    private func refilled(_ bucket: (attempts: Double, updated: Duration), at now: Duration) -> Double {
        min(Double(burst), bucket.attempts + max(0, (now - bucket.updated) / refill))
    }
}
