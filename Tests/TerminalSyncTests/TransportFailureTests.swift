import NIOSSL
import Testing

@testable import TerminalSync

/// What a failed exchange tells the technician: a certificate the terminal does not trust is
/// not a network cut, and a network cut in the middle of a handshake is not a bad certificate.
@Suite("Sync transport failures")
struct TransportFailureTests {
    @Test("a connection cut during the handshake, or closed without TLS's close, is the network's doing")
    func networkEndings() {
        #expect(!TransportFailure.isUntrustedServer(NIOSSLError.handshakeFailed(.sslError([.eofDuringHandshake]))))
        #expect(!TransportFailure.isUntrustedServer(NIOSSLError.uncleanShutdown))
    }

    @Test("a handshake the server's certificate or name fails is an untrusted server")
    func untrusted() {
        #expect(TransportFailure.isUntrustedServer(NIOSSLError.handshakeFailed(.sslError([]))))
        #expect(TransportFailure.isUntrustedServer(NIOSSLExtraError.failedToValidateHostname))
        #expect(!TransportFailure.isUntrustedServer(CancellationError()))
    }
}
