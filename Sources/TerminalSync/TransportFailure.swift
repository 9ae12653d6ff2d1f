import Logging
import Metrics
import NIOSSL

/// A failed exchange with the back office, told apart by what the technician has to do: a server
/// whose TLS certificate the terminal does not trust (another authority, a wrong name, a
/// failed handshake) is not a network outage.
enum TransportFailure {
    /// Whether `error` is the TLS handshake failing, the server's certificate refused among others.
    /// A connection that ends in the middle of the handshake (the network cut, the server gone)
    /// or without a TLS close is the network's doing, not the server's certificate.
    static func isUntrustedServer(_ error: any Error) -> Bool {
        if let error = error as? NIOSSLError, networkEndings.contains(error) { return false }
        return error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError
    }

    private static let networkEndings: [NIOSSLError] = [
        .handshakeFailed(.sslError([.eofDuringHandshake])), .uncleanShutdown,
    ]

    /// When `error` is an untrusted server: logs it as an error, counts it in
    /// `loyalty_sync_untrusted_server_total`, and returns true (the caller logs other failures).
    static func recordIfUntrustedServer(_ error: any Error, logger: Logger) -> Bool {
        guard isUntrustedServer(error) else { return false }
        Counter(label: "loyalty_sync_untrusted_server_total").increment()
        logger.error("sync refused the back office: its TLS certificate is not from the authority this terminal trusts (\(error))")
        return true
    }
}
