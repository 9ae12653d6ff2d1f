import Foundation
import StoreProcesses
import Testing

/// The journal's crash tests and a store run's process waits block their threads for seconds
/// (child processes, `fsync` loops); they run under `blockingWork`, which must keep them off the
/// concurrency pool the other work needs.
@Suite("Blocking work in tests")
struct BlockingWorkTests {
    @Test("more blocked bodies than cores all run at once, each on a thread of its own")
    func moreThanTheCores() async throws {
        let count = ProcessInfo.processInfo.activeProcessorCount + 2
        let meeting = Meeting(expected: count)
        let results = try await withThrowingTaskGroup(of: (met: Bool, offPool: Bool).self) { group in
            for _ in 0..<count {
                group.addTask {
                    try await blockingWork { (meeting.arriveAndWait(timeout: 10), BlockingWorkExecutor.isCurrentThread()) }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // On the pool, only as many bodies as cores would run: they would wait out the timeout.
        #expect(results.allSatisfy { $0.met }, "\(results.filter { $0.met }.count) of \(count) met")
        #expect(results.allSatisfy { $0.offPool })
    }

    @Test("a body that awaits goes on off the pool after the await")
    func awaitingBody() async throws {
        let offPool = try await blockingWork {
            let before = BlockingWorkExecutor.isCurrentThread()
            try await Task.sleep(for: .milliseconds(10))
            return [before, BlockingWorkExecutor.isCurrentThread()]
        }
        #expect(offPool == [true, true])
    }
}

/// Threads that block until `expected` of them have arrived.
private final class Meeting: @unchecked Sendable {
    private let condition = NSCondition()
    private var arrived = 0
    private let expected: Int

    init(expected: Int) { self.expected = expected }

    /// Whether all arrived within `timeout` seconds.
    func arriveAndWait(timeout: TimeInterval) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while arrived < expected {
            if !condition.wait(until: deadline) { break }
        }
        return arrived >= expected
    }
}
