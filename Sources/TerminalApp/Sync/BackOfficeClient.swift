import AsyncHTTPClient
import NIOSSL

/// The HTTP client the terminal talks to its back office with: the shared one (system trust
/// roots), or for `backOffice.caFile` its own, trusting only those authorities.
enum BackOfficeClient {
    /// The client, and whether it is the caller's to shut down.
    static func make(_ settings: TerminalConfiguration.BackOfficeSettings?) throws -> (client: HTTPClient, owned: Bool) {
        guard let caFile = settings?.caFile else { return (.shared, false) }
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        } catch {
            throw TerminalFailure("backOffice.caFile \(caFile) holds no PEM certificate: \(error)")
        }
        return (HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls)), true)
    }
}
