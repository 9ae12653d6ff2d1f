import Synchronization

/// Coordinates tests that share the one real `pcscd` of the machine.
///
/// All test targets run in one process, and Swift Testing runs suites of different targets in
/// parallel. Tests that only use the daemon (each on its own virtual reader) run side by side
/// under ``shared(_:)``; tests that stop or restart it run alone under ``exclusive(_:)``.
public enum RealStack {
    private static let lock = ReadersWriterLock()
    private static let readerLocks = Mutex<[String: ReadersWriterLock]>([:])

    /// Runs `body` while no test stops or restarts `pcscd` and no other test uses `reader`
    /// (test targets that share a virtual reader take turns).
    public static func withReader<T: Sendable>(_ reader: String, _ body: () async throws -> T) async throws -> T {
        let readerLock = readerLocks.withLock { locks in
            if let existing = locks[reader] { return existing }
            let created = ReadersWriterLock()
            locks[reader] = created
            return created
        }
        await readerLock.acquire(exclusive: true)
        do {
            let result = try await shared(body)
            await readerLock.release(exclusive: true)
            return result
        } catch {
            await readerLock.release(exclusive: true)
            throw error
        }
    }

    /// Runs `body` while no test stops or restarts `pcscd`.
    public static func shared<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await lock.acquire(exclusive: false)
        do {
            let result = try await body()
            await lock.release(exclusive: false)
            return result
        } catch {
            await lock.release(exclusive: false)
            throw error
        }
    }

    /// Runs `body` alone: no other real-stack test runs meanwhile.
    public static func exclusive<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await lock.acquire(exclusive: true)
        do {
            let result = try await body()
            await lock.release(exclusive: true)
            return result
        } catch {
            await lock.release(exclusive: true)
            throw error
        }
    }
}

/// An async readers-writer lock, first come first served.
actor ReadersWriterLock {
    private var readers = 0
    private var writer = false
    private var waiting: [(exclusive: Bool, continuation: CheckedContinuation<Void, Never>)] = []

    func acquire(exclusive: Bool) async {
        if waiting.isEmpty && canEnter(exclusive: exclusive) {
            enter(exclusive: exclusive)
            return
        }
        await withCheckedContinuation { waiting.append((exclusive, $0)) }
    }

    func release(exclusive: Bool) {
        if exclusive { writer = false } else { readers -= 1 }
        while let next = waiting.first, canEnter(exclusive: next.exclusive) {
            waiting.removeFirst()
            enter(exclusive: next.exclusive)
            next.continuation.resume()
        }
    }

    private func canEnter(exclusive: Bool) -> Bool {
        exclusive ? !writer && readers == 0 : !writer
    }

    private func enter(exclusive: Bool) {
        if exclusive { writer = true } else { readers += 1 }
    }
}
