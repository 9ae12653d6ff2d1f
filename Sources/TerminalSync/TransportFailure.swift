import Logging
import Metrics
import NIOSSL

/// A failed exchange with the back office, told apart by what the technician has to do: a server
/// whose TLS certificate the terminal does not trust (another authority, a wrong name, a
/// failed handshake) is not a network outage.
enum TransportFailure {
    /// Whether `error` is the TLS handshake failing, the server's certificate refused among others.
    static func isUntrustedServer(_ error: any Error) -> Bool {
        error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError
    }

    /// When `error` is an untrusted server: logs it as an error, counts it in
    /// `loyalty_sync_untrusted_server_total`, and returns true (the caller logs other failures).
    static func recordIfUntrustedServer(_ error: any Error, logger: Logger) -> Bool {
        guard isUntrustedServer(error) else { return false }
        Counter(label: "loyalty_sync_untrusted_server_total").increment()
        logger.error("sync refused the back office: its TLS certificate is not from the authority this terminal trusts (\(error))")
        return true
    }
}
