import Hummingbird
import NIOCore

/// The context of every back-office request: Hummingbird's basics and the client's address
/// (the console's sign-in rate limit counts failures per address).
public struct BackOfficeRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address; nil when the channel has none (tests without a socket).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
