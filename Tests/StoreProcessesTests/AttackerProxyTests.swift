import Foundation
import Testing

@testable import StoreProcesses

/// The attacker proxy over real loopback sockets, between a raw HTTP/1.1 client and a small
/// server that echoes what it received: what passes unchanged, what an attack changes, what is
/// recorded.
@Suite("The attacker-in-the-middle proxy")
struct AttackerProxyTests {
    /// A server that answers every request with its method, target and body, chunked when the
    /// target ends in `chunked`.
    static func echoServer() throws -> LoopbackListener {
        try LoopbackListener { client in
            guard let bytes = FaultProxy.readMessage(client, isResponse: false), let request = InterceptedRequest(wire: bytes) else {
                return
            }
            let text = "\(request.method) \(request.target) \(String(decoding: request.body, as: UTF8.self))"
            let answer: String
            if request.target.hasSuffix("chunked") {
                let half = text.count / 2
                let parts = [String(text.prefix(half)), String(text.dropFirst(half))]
                answer =
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Echo: yes\r\n\r\n"
                    + parts.map { String($0.utf8.count, radix: 16) + "\r\n" + $0 + "\r\n" }.joined() + "0\r\n\r\n"
            } else {
                answer = "HTTP/1.1 200 OK\r\nContent-Length: \(text.utf8.count)\r\nX-Echo: yes\r\n\r\n" + text
            }
            FaultProxy.writeAll(client, Array(answer.utf8))
        }
    }

    /// Sends `request` to the proxy and reads the answer.
    static func exchange(_ proxy: AttackerProxy, _ request: String) throws -> InterceptedResponse {
        let socket = try #require(LoopbackListener.connectLoopback(port: proxy.port))
        defer { close(socket) }
        FaultProxy.writeAll(socket, Array(request.utf8))
        let bytes = try #require(FaultProxy.readMessage(socket, isResponse: true))
        return try #require(InterceptedResponse(wire: bytes))
    }

    @Test("without an attack a request and its answer pass unchanged, framed for one request per connection, and are recorded")
    func passesThrough() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let proxy = try AttackerProxy(upstreamPort: { server.port })
        defer { proxy.stop() }
        let answer = try Self.exchange(proxy, "POST /v1/x?after=3 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
        #expect(answer.status == 200)
        #expect(String(decoding: answer.body, as: UTF8.self) == "POST /v1/x?after=3 hello")
        #expect(answer.headers["X-Echo"] == "yes")
        #expect(answer.headers["Connection"] == "close")
        let recorded = proxy.exchanges(path: "/v1/x")
        #expect(recorded.count == 1)
        #expect(recorded.first?.request.query("after") == "3")
        #expect(recorded.first?.tampered == false)
        #expect(proxy.exchanges(path: "/v1/other").isEmpty)
    }

    @Test("a chunked answer is read whole and delivered with its length")
    func chunked() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let proxy = try AttackerProxy(upstreamPort: { server.port })
        defer { proxy.stop() }
        let answer = try Self.exchange(proxy, "GET /chunked HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(String(decoding: answer.body, as: UTF8.self) == "GET /chunked ")
        #expect(answer.headers["Content-Length"] == "13")
        #expect(answer.headers["Transfer-Encoding"] == nil)
    }

    @Test("attacks on one path change its requests and answers (the length follows the body), not another path's; lifted, they stop")
    func attacksPerPath() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let proxy = try AttackerProxy(upstreamPort: { server.port })
        defer { proxy.stop() }
        proxy.rewriteRequests(path: "/a") { request in
            var changed = request
            changed.target = "/a?after=0"
            return changed
        }
        proxy.rewriteResponses(path: "/a") { _, response in
            var cut = response
            cut.body = Array(response.body.prefix(4))
            return cut
        }
        let attacked = try Self.exchange(proxy, "GET /a?after=9 HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(String(decoding: attacked.body, as: UTF8.self) == "GET ")
        #expect(attacked.headers["Content-Length"] == "4")
        let exchange = try #require(proxy.exchanges(path: "/a").last)
        #expect(exchange.tampered)
        #expect(String(decoding: exchange.genuine?.body ?? [], as: UTF8.self) == "GET /a?after=0 ", "the server got the rewritten request")

        let other = try Self.exchange(proxy, "GET /b HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(String(decoding: other.body, as: UTF8.self) == "GET /b ")

        proxy.rewriteRequests(path: "/a", nil)
        proxy.rewriteResponses(path: "/a", nil)
        let lifted = try Self.exchange(proxy, "GET /a?after=9 HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(String(decoding: lifted.body, as: UTF8.self) == "GET /a?after=9 ")
    }

    @Test("a recorded answer replayed later is delivered as it was, whatever the server says now")
    func replay() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let proxy = try AttackerProxy(upstreamPort: { server.port })
        defer { proxy.stop() }
        _ = try Self.exchange(proxy, "GET /doc?after=0 HTTP/1.1\r\nHost: a\r\n\r\n")
        let recorded = try #require(proxy.exchanges(path: "/doc").first?.delivered)
        proxy.rewriteResponses(path: "/doc") { _, _ in recorded }
        let replayed = try Self.exchange(proxy, "GET /doc?after=5 HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(String(decoding: replayed.body, as: UTF8.self) == "GET /doc?after=0 ")
        #expect(proxy.exchanges(path: "/doc").last?.tampered == true)
    }

    @Test("a server that is down gets the client's connection closed without an answer, recorded as no answer")
    func serverDown() throws {
        let server = try Self.echoServer()
        let port = server.port
        server.stop()
        let proxy = try AttackerProxy(upstreamPort: { port })
        defer { proxy.stop() }
        let socket = try #require(LoopbackListener.connectLoopback(port: proxy.port))
        defer { close(socket) }
        FaultProxy.writeAll(socket, Array("GET /x HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(FaultProxy.readMessage(socket, isResponse: true) == nil)
        #expect(proxy.exchanges(path: "/x").first?.genuine == nil)
    }

    @Test("relaying, the proxy passes the connection's bytes untouched and reads no request")
    func relays() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let proxy = try AttackerProxy(upstreamPort: { server.port })
        defer { proxy.stop() }
        proxy.attackConnections(.relay(toPort: nil))
        let answer = try Self.exchange(proxy, "GET /relayed HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(String(decoding: answer.body, as: UTF8.self) == "GET /relayed ")
        #expect(answer.headers["Connection"] == nil, "relayed as the server wrote it")
        #expect(proxy.exchanges().isEmpty)
    }

    @Test("stripping TLS, a TLS handshake is answered in plain HTTP with a redirection to http://; a plain request is then read")
    func stripsTLS() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let proxy = try AttackerProxy(upstreamPort: { server.port })
        defer { proxy.stop() }
        proxy.attackConnections(.stripTLS)
        let hello: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00]
        let socket = try #require(LoopbackListener.connectLoopback(port: proxy.port))
        defer { close(socket) }
        FaultProxy.writeAll(socket, hello)
        let bytes = try #require(FaultProxy.readMessage(socket, isResponse: true))
        let answer = try #require(InterceptedResponse(wire: bytes))
        #expect(answer.status == 301)
        #expect(answer.headers["Location"] == "http://127.0.0.1:\(proxy.port)/")
        #expect(proxy.strippedHandshakes == 1)
        #expect(proxy.exchanges().isEmpty)
        let plain = try Self.exchange(proxy, "GET /plain HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(String(decoding: plain.body, as: UTF8.self) == "GET /plain ")
        #expect(proxy.exchanges(path: "/plain").count == 1)
    }

    @Test("a new connection attack cuts the connections being relayed, so the client must connect again")
    func cutsRelayed() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let proxy = try AttackerProxy(upstreamPort: { server.port })
        defer { proxy.stop() }
        proxy.attackConnections(.relay(toPort: nil))
        let socket = try #require(LoopbackListener.connectLoopback(port: proxy.port))
        defer { close(socket) }
        FaultProxy.writeAll(socket, Array("GET /slow HTTP/1.1\r\n".utf8))
        Thread.sleep(forTimeInterval: 0.2)
        proxy.attackConnections(.stripTLS)
        var byte: UInt8 = 0
        #expect(recv(socket, &byte, 1, 0) == 0, "the relayed connection was not cut")
    }
}
