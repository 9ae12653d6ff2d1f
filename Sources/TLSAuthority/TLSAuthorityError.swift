/// Why the back office's TLS folder could not be used: said to the operator as it is.
public struct TLSAuthorityError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}
