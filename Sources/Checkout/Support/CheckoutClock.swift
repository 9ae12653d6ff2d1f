import Foundation
import PointsEngine

/// Where the checkout reads the time: the wall clock, or a test's clock.
public protocol CheckoutClock: Sendable {
    /// The current time.
    func now() -> Timestamp
}

/// The system's wall clock.
public struct SystemCheckoutClock: CheckoutClock {
    public init() {}
    public func now() -> Timestamp {
        Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }
}
