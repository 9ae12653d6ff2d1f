import Synchronization

/// How many failed token checks a peer may make before it is refused without a check.
public struct FailedAttemptPolicy: Sendable, Equatable {
    /// Failed attempts a peer may make in a row before it is refused (the bucket's size).
    public var burst: Int
    /// The time one failed attempt is held against a peer: a peer at the limit may try again
    /// this long after its last failure (the bucket refills one attempt in this time).
    public var refill: Duration

    public init(burst: Int = 10, refill: Duration = .seconds(6)) {
        self.burst = max(1, burst)
        self.refill = refill > .zero ? refill : .seconds(1)
    }
}

/// Failed attempts by peer, as token buckets: each peer starts with ``FailedAttemptPolicy/burst``
/// attempts, each failure takes one, and one comes back every ``FailedAttemptPolicy/refill``.
/// A peer with no attempt left is refused before its token is even compared (429, with the
/// time until its next attempt).
///
/// The table is bounded: past ``maximumPeers`` peers, those whose bucket has refilled are
/// forgotten, then the oldest.
final class FailedAttemptLimiter: Sendable {
    /// The most peers remembered at once.
    static let maximumPeers = 4096

    private struct Bucket {
        var attempts: Double
        var updated: Duration
    }

    private let policy: FailedAttemptPolicy
    private let now: @Sendable () -> Duration
    private let buckets = Mutex<[String: Bucket]>([:])

    /// - Parameter now: the time, on any monotonic origin (a clock in tests).
    init(policy: FailedAttemptPolicy, now: @escaping @Sendable () -> Duration = FailedAttemptLimiter.monotonicNow) {
        self.policy = policy
        self.now = now
    }

    @Sendable static func monotonicNow() -> Duration {
        ContinuousClock.now - ContinuousClock.Instant.zeroReference
    }

    /// The time `peer` must wait before its next attempt, or `nil` when it may try now.
    func waitBeforeAttempt(peer: String) -> Duration? {
        let now = now()
        return buckets.withLock { table -> Duration? in
            guard let bucket = table[peer] else { return nil }
            let attempts = refilled(bucket, at: now)
            guard attempts < 1 else { return nil }
            return policy.refill * (1 - attempts)
        }
    }

    /// Counts a failed attempt of `peer`; returns the attempts it has left.
    @discardableResult
    func recordFailure(peer: String) -> Int {
        let now = now()
        return buckets.withLock { table -> Int in
            var bucket = table[peer] ?? Bucket(attempts: Double(policy.burst), updated: now)
            bucket.attempts = max(0, refilled(bucket, at: now) - 1)
            bucket.updated = now
            table[peer] = bucket
            if table.count > Self.maximumPeers { forgetSome(&table, at: now) }
            return Int(bucket.attempts)
        }
    }

    private func refilled(_ bucket: Bucket, at now: Duration) -> Double {
        let elapsed = now - bucket.updated
        let gained = elapsed / policy.refill
        return min(Double(policy.burst), bucket.attempts + max(0, gained))
    }

    private func forgetSome(_ table: inout [String: Bucket], at now: Duration) {
        table = table.filter { refilled($0.value, at: now) < Double(policy.burst) }
        while table.count > Self.maximumPeers, let oldest = table.min(by: { $0.value.updated < $1.value.updated }) {
            table.removeValue(forKey: oldest.key)
        }
    }
}

extension ContinuousClock.Instant {
    /// The clock's origin for this process (the first time it is asked).
    fileprivate static let zeroReference = ContinuousClock.now
}
