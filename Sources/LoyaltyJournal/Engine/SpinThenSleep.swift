import CProcessorPlacement
import Dispatch

/// Waiting for another thread of a pass (``SlotReader``): spin a little, then sleep.
///
/// The waits of a pass are short (one run's read and checksum, tens of microseconds), and
/// waking a sleeping thread on another processor costs about as much (an inter-processor
/// interrupt, dearer still in a virtual machine). So a waiter looks again and again for up to
/// ``spinLimit`` before it sleeps on its semaphore; the other side signals the semaphore after
/// every step, which costs nothing when nobody sleeps on it.
///
/// Spinning only helps while the thread waited for runs on another processor. When the scheduler
/// has put both on one processor, a spinning waiter only keeps the other from running (measured:
/// an open of a full 16 MiB journal took 3 to 6 ms instead of 1.1 whenever the helper woke on
/// its caller's processor), so the waiter then sleeps at once.
enum SpinThenSleep {
    /// How long a waiter spins before it sleeps: a few runs' worth of work.
    static let spinLimit: UInt64 = 200_000

    /// Returns once `ready()` holds: spins up to ``spinLimit`` nanoseconds while the thread it
    /// waits for runs on `otherProcessor()` (−1: unknown), another processor than the caller's,
    /// and otherwise sleeps on `wake` between looks. Every signal of `wake` must follow a change
    /// that may make `ready()` hold; extra signals only cost a look.
    static func wait(on wake: DispatchSemaphore, otherProcessor: () -> Int, until ready: () -> Bool) {
        let start = DispatchTime.now().uptimeNanoseconds
        var looks = 0
        while !ready() {
            if looks & 63 == 0, !worthSpinning(since: start, otherProcessor: otherProcessor()) {
                wake.wait()
            } else {
                journal_spin_hint()
            }
            looks += 1
        }
    }

    private static func worthSpinning(since start: UInt64, otherProcessor: Int) -> Bool {
        if otherProcessor >= 0, otherProcessor == Int(journal_current_processor()) { return false }
        return DispatchTime.now().uptimeNanoseconds - start <= spinLimit
    }
}
