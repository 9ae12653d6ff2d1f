import Foundation

/// What an ``AttackerProxy`` does with each new connection, below HTTP: with TLS between the
/// client and the server, all an attacker on the path can do is relay the bytes, strip TLS, or
/// put its own TLS in the way.
public enum ConnectionAttack: Sendable, Equatable {
    /// Reads the HTTP requests and answers in the clear: the per-path rewrites apply (plain HTTP).
    case http
    /// Relays the connection's bytes both ways, untouched, to `port` (nil: the server's). With TLS
    /// end to end the attacker only watches; to another TLS server (one with a forged
    /// certificate) it puts that server in the way.
    case relay(toPort: Int?)
    /// Strips TLS: answers a TLS handshake in plain HTTP, sending the client to the same address
    /// over `http://` (what a downgrade attack offers); a plain request is read as ``http``.
    case stripTLS
}

extension AttackerProxy {
    /// True when the client's first byte opens a TLS handshake record (content type 22).
    static func startsTLSHandshake(_ client: Int32) -> Bool {
        var first: UInt8 = 0
        return recv(client, &first, 1, Int32(MSG_PEEK)) == 1 && first == 0x16
    }

    /// Answers, in plain HTTP, a redirection to the same address over `http://`, then closes.
    func answerInPlain(_ client: Int32) {
        var discard = [UInt8](repeating: 0, count: 16 * 1024)
        _ = discard.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        let answer = InterceptedResponse(
            status: 301, reason: "Moved Permanently", headers: InterceptedHeaders([("Location", url + "/")]), body: [])
        FaultProxy.writeAll(client, answer.wire)
    }

    /// Relays bytes between `client` and a new connection to `127.0.0.1:port` until either side
    /// closes, falls silent for 30 s, or the attack changes.
    func relay(_ client: Int32, to port: Int) {
        guard let upstream = LoopbackListener.connectLoopback(port: port) else { return }
        defer { close(upstream) }
        noteRelayed(client, true)
        defer { noteRelayed(client, false) }
        var descriptors = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: upstream, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while poll(&descriptors, 2, 30_000) > 0 {
            for (index, descriptor) in descriptors.enumerated() where descriptor.revents != 0 {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor.fd, $0.baseAddress, $0.count, 0) }
                guard count > 0, FaultProxy.writeAll(index == 0 ? upstream : client, Array(buffer.prefix(count))) else { return }
            }
        }
    }
}
