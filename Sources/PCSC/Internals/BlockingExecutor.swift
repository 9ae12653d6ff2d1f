import Dispatch

/// Runs blocking libpcsclite calls on one serial queue, off Swift's cooperative threads.
///
/// A PC/SC context must not be used by two threads at once; a serial queue per context gives
/// that for free, and `async` callers suspend instead of blocking one of the few pool threads
/// (as GRDB does with its database queue).
final class BlockingExecutor: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `body` on the queue and waits for it without blocking the calling task's thread.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    /// Runs `body` on the queue and blocks the calling thread until it is done.
    func runBlocking<T>(_ body: () throws -> T) rethrows -> T {
        try queue.sync(execute: body)
    }
}
