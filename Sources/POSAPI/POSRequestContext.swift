import Hummingbird
import NIOCore

/// The request context of the POS API: Hummingbird's basic context and the peer's address, which
/// the token check limits failed attempts by.
public struct POSRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's address; `nil` when unknown (tests without a socket).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer as failed attempts are counted and logged: its IP address (any port), the Unix
    /// socket, or `unknown`.
    var peer: String {
        guard let remoteAddress else { return "unknown" }
        if let ip = remoteAddress.ipAddress { return ip }
        return "unix"
    }
}
