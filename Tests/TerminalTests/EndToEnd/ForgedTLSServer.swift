import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The TLS server an attacker in the middle puts in the back office's way: it terminates TLS with
/// a certificate for 127.0.0.1 and localhost from the attacker's own authority and would read
/// the requests in the clear. It counts the handshakes its clients broke off and every byte it
/// decrypted (none, when the client refuses its certificate).
final class ForgedTLSServer: Sendable {
    final class Counts: Sendable {
        let brokenOff = Atomic<Int>(0)
        let decrypted = Atomic<Int>(0)
    }

    let port: Int
    private let channel: any Channel
    private let counts: Counts

    /// Listens on a free loopback port with `certificate` and `key` (PEM files).
    init(certificate: String, key: String) async throws {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        let context = try NIOSSLContext(configuration: configuration)
        let counts = Counts()
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try child.pipeline.syncOperations.addHandler(Witness(counts: counts))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
        self.counts = counts
    }

    /// Handshakes that ended in an error (the client refused the certificate, or left).
    var brokenOffHandshakes: Int { counts.brokenOff.load(ordering: .relaxed) }
    /// Bytes read in the clear after a handshake.
    var decryptedBytes: Int { counts.decrypted.load(ordering: .relaxed) }

    func stop() async { try? await channel.close() }

    /// Counts what arrives after TLS, and the errors; answers nothing.
    private final class Witness: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let counts: Counts

        init(counts: Counts) { self.counts = counts }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            counts.decrypted.add(unwrapInboundIn(data).readableBytes, ordering: .relaxed)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            counts.brokenOff.add(1, ordering: .relaxed)
            context.close(promise: nil)
        }
    }
}
