import Synchronization

/// Lets the checkout wake the sync service right after an append, instead of waiting for the
/// next look at the journal. Wake-ups while nobody waits are kept (one is enough).
final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
        var generation = 0
        /// The generation whose timeout (or cancellation) came before its waiter was in place.
        var expired = -1
    }

    private let state = Mutex(State())
    private let clock: any Clock<Duration>

    /// A wakeup whose timeouts run on `clock`.
    init(clock: any Clock<Duration>) { self.clock = clock }

    /// Wakes the waiter, or the next one to wait.
    func wake() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns when woken, after `timeout`, or when the task is cancelled, whichever is first.
    func wait(timeout: Duration) async {
        let generation = state.withLock { state -> Int? in
            if state.pending {
                state.pending = false
                return nil
            }
            state.generation += 1
            return state.generation
        }
        guard let generation else { return }
        let clock = self.clock
        let timer = Task { [self] in
            try? await clock.sleep(for: timeout)
            resume(generation)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || state.expired == generation || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            resume(generation)
        }
        timer.cancel()
    }

    /// Resumes the waiter of `generation`, if it still waits.
    private func resume(_ generation: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.generation == generation else { return nil }
            guard let waiter = state.waiter else {
                state.expired = generation
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }
}
