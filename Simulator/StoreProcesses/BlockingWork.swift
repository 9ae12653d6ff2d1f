import Foundation

/// Runs `body`, which blocks its thread (waits for a child process, sleeps, calls `fsync` in a
/// loop), on threads of its own instead of the Swift concurrency pool.
///
/// ``ProcessRunner`` waits for its child this way, in a store run as in the tests.
///
/// Swift Testing runs tests in parallel on the cooperative pool, which has one thread per core:
/// on a two-core machine two blocking tests stop every other test until one of them ends, and
/// then a test that measures its own time fails for time it spent waiting for a thread. The
/// body stays in the calling task (only its executor changes), so `#expect` and task-local
/// values work inside it as anywhere else in the test. `body` may await; what it awaits runs
/// where it always does, and `body` goes on on a thread of its own again.
public func blockingWork<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    try await withTaskExecutorPreference(BlockingWorkExecutor.shared) {
        try await body()
    }
}

/// A task executor that runs each job on a new thread: for work that blocks.
public final class BlockingWorkExecutor: TaskExecutor {
    /// The executor ``blockingWork(_:)`` uses.
    public static let shared = BlockingWorkExecutor()

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        Thread.detachNewThread {
            Thread.current.threadDictionary[Self.marker] = true
            job.runSynchronously(on: executor)
        }
    }

    /// Whether the calling code runs on one of this executor's threads.
    public static func isCurrentThread() -> Bool {
        Thread.current.threadDictionary[marker] as? Bool == true
    }

    private static let marker = "LoyaltyTerminal.BlockingWorkExecutor"
}
