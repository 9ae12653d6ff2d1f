import CJournalCRC32C
import Dispatch

/// Waiting for another thread of a pass (``SlotReader``): spin a little, then sleep.
///
/// The waits of a pass are short (one run's read and checksum, tens of microseconds), and
/// waking a sleeping thread on another processor costs about as much (an inter-processor
/// interrupt, dearer still in a virtual machine). So a waiter looks again and again for up to
/// ``spinLimit`` before it sleeps on its semaphore; the other side signals the semaphore after
/// every step, which costs nothing when nobody sleeps on it.
enum SpinThenSleep {
    /// How long a waiter spins before it sleeps: a few runs' worth of work.
    static let spinLimit: UInt64 = 200_000

    /// Returns once `ready()` holds: spins up to ``spinLimit`` nanoseconds, then sleeps on
    /// `wake` between looks. Every signal of `wake` must follow a change that may make `ready()`
    /// hold; extra signals only cost a look.
    static func wait(on wake: DispatchSemaphore, until ready: () -> Bool) {
        let start = DispatchTime.now().uptimeNanoseconds
        var looks = 0
        while !ready() {
            looks += 1
            if looks & 63 != 0 {
                journal_spin_hint()
            } else if DispatchTime.now().uptimeNanoseconds - start > spinLimit {
                wake.wait()
            }
        }
    }
}
