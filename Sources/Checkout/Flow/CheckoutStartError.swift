/// Why the checkout could not start.
public struct CheckoutStartError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
