import Checkout
import LoyaltyJournal
import PointsEngine

/// The system's wall clock moved by a fixed offset, for the journal, the checkout and the sync
/// service alike. A real terminal runs with no offset; the simulator gives one to play a
/// terminal whose clock has drifted (`loyalty-terminal run --simulated-clock-offset-seconds`).
struct ShiftedClock: JournalClock, CheckoutClock {
    let offsetMilliseconds: Int64
    private let wall = WallClock()

    init(offsetSeconds: Int64) { offsetMilliseconds = offsetSeconds * 1000 }

    func millisecondsSinceEpoch() -> UInt64 {
        UInt64(max(0, Int64(wall.millisecondsSinceEpoch()) + offsetMilliseconds))
    }

    func now() -> Timestamp {
        Timestamp(secondsSinceEpoch: Int64(millisecondsSinceEpoch() / 1000))
    }
}
