import AsyncHTTPClient
import NIOSSL

/// An HTTP client trusting only a back office's own authority, as its enrolled terminals do.
enum TrustingClient {
    /// A client trusting the authorities in `authorityFile` (PEM); the shared one when `nil`
    /// (a back office serving plain HTTP). The caller shuts a new client down.
    static func make(authorityFile: String?) throws -> HTTPClient {
        guard let authorityFile else { return .shared }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(authorityFile))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
    }
}
