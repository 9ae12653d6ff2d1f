import Synchronization

/// Cancellation for a blocking PC/SC wait, safe in both orders.
///
/// `SCardCancel` only interrupts a call that is already blocked. When the task is cancelled
/// before the call starts, the flag (checked before every call) catches it; when it is cancelled
/// while the call blocks, `SCardCancel` wakes it. The narrow gap between the check and the call
/// is closed by waiting in bounded slices, so a lost `SCardCancel` costs at most one slice.
final class CancellationLatch: Sendable {
    private let cancelled = Mutex(false)

    var isCancelled: Bool { cancelled.withLock { $0 } }

    /// Sets the flag, then interrupts whatever call is blocked.
    func cancel(interrupt: () -> Void) {
        cancelled.withLock { $0 = true }
        interrupt()
    }
}
