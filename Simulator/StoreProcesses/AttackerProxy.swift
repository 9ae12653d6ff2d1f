import Foundation
import Synchronization

/// An attacker in the middle of a client and its server, for the tests that show what a terminal
/// refuses: an HTTP/1.1 proxy on 127.0.0.1 that forwards each request to the server and lets a
/// test change, per path, the request on its way there and the answer on its way back (edit a
/// signed document, cut an answer short, answer with one recorded earlier). It records every
/// exchange, as the server answered and as the client received it, so a test can replay one
/// later.
///
/// One request per connection (answers carry `Connection: close`). It reads and rewrites only
/// what the client sends it in plain HTTP; with TLS between the client and the server it can
/// only attack the connections (``attackConnections(_:)``): relay them untouched, strip TLS, or
/// hand them to a TLS server of its own.
public final class AttackerProxy: Sendable {
    /// Changes a request before the server gets it.
    public typealias RequestAttack = @Sendable (InterceptedRequest) -> InterceptedRequest
    /// Changes an answer before the client gets it; given the request (as the server got it) and
    /// the server's answer.
    public typealias ResponseAttack = @Sendable (InterceptedRequest, InterceptedResponse) -> InterceptedResponse

    /// One request and its answer, as they passed.
    public struct Exchange: Sendable {
        /// The request as the server received it.
        public var request: InterceptedRequest
        /// The server's answer; nil when the server could not be reached or did not answer.
        public var genuine: InterceptedResponse?
        /// What the client received; nil when it received nothing.
        public var delivered: InterceptedResponse?
        /// True when what the client received is not what the server sent.
        public var tampered: Bool { delivered != genuine }
    }

    private struct State {
        var requestAttacks: [String: RequestAttack] = [:]
        var responseAttacks: [String: ResponseAttack] = [:]
        var exchanges: [Exchange] = []
        var connections: ConnectionAttack = .http
        var strippedHandshakes = 0
        /// The client sockets of the connections being relayed.
        var relayed: Set<Int32> = []
    }

    /// The most exchanges kept (the oldest are forgotten first).
    public static let keptExchanges = 1_000

    let upstreamPort: @Sendable () -> Int
    private let state = Mutex(State())
    private let listener: Mutex<LoopbackListener?> = Mutex(nil)

    /// Listens on a free loopback port and forwards to `127.0.0.1:upstreamPort()` (asked at each
    /// request, so the server may restart on another port).
    public init(upstreamPort: @escaping @Sendable () -> Int) throws {
        self.upstreamPort = upstreamPort
        let listening = try LoopbackListener { [weak self] client in self?.handle(client) }
        listener.withLock { $0 = listening }
    }

    /// The loopback port clients connect to.
    public var port: Int { listener.withLock { $0?.port ?? 0 } }

    /// `http://127.0.0.1:PORT`, the URL to give the client in place of the server's.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// From now on, requests whose path (without the query) is `path` are changed by `attack`
    /// before they are forwarded; nil forwards them as they are again.
    public func rewriteRequests(path: String, _ attack: RequestAttack?) {
        state.withLock { $0.requestAttacks[path] = attack }
    }

    /// From now on, answers to requests whose path (without the query) is `path` are changed by
    /// `attack` before the client gets them; nil lets them through as they are again.
    public func rewriteResponses(path: String, _ attack: ResponseAttack?) {
        state.withLock { $0.responseAttacks[path] = attack }
    }

    /// From now on, connections are handled as `attack` says: the connections being relayed are
    /// cut, so the client has to connect again (an attacker on the path resets them).
    public func attackConnections(_ attack: ConnectionAttack) {
        state.withLock { state in
            state.connections = attack
            for socket in state.relayed { shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }

    /// Notes `client` as relayed (true) or no longer (false), for ``attackConnections(_:)`` to cut.
    func noteRelayed(_ client: Int32, _ open: Bool) {
        state.withLock { state in
            if open { state.relayed.insert(client) } else { state.relayed.remove(client) }
        }
    }

    /// How many TLS handshakes were answered in plain HTTP (``ConnectionAttack/stripTLS``).
    public var strippedHandshakes: Int { state.withLock { $0.strippedHandshakes } }

    /// The exchanges kept, oldest first; those of `path` only when given.
    public func exchanges(path: String? = nil) -> [Exchange] {
        state.withLock { state in state.exchanges.filter { path == nil || $0.request.path == path } }
    }

    /// Stops accepting connections.
    public func stop() {
        listener.withLock { $0?.stop() }
    }

    deinit { stop() }

    private func handle(_ client: Int32) {
        switch state.withLock({ $0.connections }) {
        case .http:
            handleHTTP(client)
        case .relay(let port):
            relay(client, to: port ?? upstreamPort())
        case .stripTLS:
            guard Self.startsTLSHandshake(client) else { return handleHTTP(client) }
            state.withLock { $0.strippedHandshakes += 1 }
            answerInPlain(client)
        }
    }

    private func handleHTTP(_ client: Int32) {
        guard let bytes = FaultProxy.readMessage(client, isResponse: false), let received = InterceptedRequest(wire: bytes) else { return }
        let request = attacks(for: received.path).request?(received) ?? received
        let genuine = forward(request)
        let responseAttack = attacks(for: received.path).response
        let delivered = genuine.map { responseAttack?(request, $0) ?? $0 }
        record(Exchange(request: request, genuine: genuine, delivered: delivered))
        if let delivered { FaultProxy.writeAll(client, delivered.wire) }
    }

    private func attacks(for path: String) -> (request: RequestAttack?, response: ResponseAttack?) {
        state.withLock { ($0.requestAttacks[path], $0.responseAttacks[path]) }
    }

    private func record(_ exchange: Exchange) {
        state.withLock { state in
            state.exchanges.append(exchange)
            if state.exchanges.count > Self.keptExchanges { state.exchanges.removeFirst(state.exchanges.count - Self.keptExchanges) }
        }
    }

    /// Sends `request` to the server on a new connection and reads its whole answer.
    private func forward(_ request: InterceptedRequest) -> InterceptedResponse? {
        guard let upstream = LoopbackListener.connectLoopback(port: upstreamPort()) else { return nil }
        defer { close(upstream) }
        guard FaultProxy.writeAll(upstream, request.wire), let answer = FaultProxy.readMessage(upstream, isResponse: true) else {
            return nil
        }
        return InterceptedResponse(wire: answer)
    }
}
