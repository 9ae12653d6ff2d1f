import Foundation
import TestSupport
import Testing

@testable import TerminalApp

/// Both servers, real processes on loopback, against clients that send too slowly or too much
/// (`HTTPServerLimits`): hundreds of slowloris connections do not delay a normal request and are
/// closed at the idle bound; a head too large gets 431, a body too large 413; an idle connection
/// and a body sent too slowly are closed.
@Suite("Slow and oversized clients, both servers", .serialized)
struct SlowClientTests {
    static let slowConnections = 300

    /// The status code of an HTTP answer's status line, or nil.
    static func status(_ answer: String) -> Int? {
        guard answer.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(answer.dropFirst(9).prefix(3))
    }

    @Test("300 connections sending a head a byte at a time: a normal request is answered in under 1 s; they are closed at the idle bound")
    func slowloris() async throws {
        try await RealStack.shared {
            try await LimitedServers.with { servers in
                for target in servers.targets {
                    try await Self.slowloris(target)
                }
            }
        }
    }

    static func slowloris(_ target: LimitedServers.Target) async throws {
        let head = Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: \(String(repeating: "a", count: 200))\r\n\r\n".utf8)
        let opened = ContinuousClock.now
        let slow = try (0..<slowConnections).map { _ in try RawConnection(port: target.port) }
        let openedAll = ContinuousClock.now - opened
        let dripping = Task {
            var offset = 0
            while !Task.isCancelled, offset < head.count - 1 {
                for connection in slow { connection.send([head[offset]]) }
                offset += 1
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        defer { dripping.cancel() }
        try await Task.sleep(for: .milliseconds(300))

        var slowest = Duration.zero
        for _ in 0..<5 {
            let started = ContinuousClock.now
            let connection = try RawConnection(port: target.port)
            connection.send(target.normalRequest)
            let answer = connection.receiveAnswer(timeout: .seconds(5))
            let elapsed = ContinuousClock.now - started
            slowest = max(slowest, elapsed)
            #expect([200, 503].contains(status(answer)), "\(target): \(answer.prefix(200))")
            connection.close()
        }
        let stillOpen = slow.count { !$0.isClosedByPeer() }
        #expect(stillOpen == slowConnections, "\(target): \(slowConnections - stillOpen) slow connections closed before the bound")
        #expect(slowest < .seconds(1), "\(target): a normal request took \(slowest) while \(slowConnections) slow clients were held")

        let bound = Duration.seconds(LimitedServers.idleSeconds)
        var open = Set(slow.indices)
        // Closed at the bound, give or take what a loaded two-core machine adds: within twice it.
        while !open.isEmpty, ContinuousClock.now - opened < bound * 2 + .seconds(3) {
            open = open.filter { !slow[$0].isClosedByPeer() }
            try await Task.sleep(for: .milliseconds(100))
        }
        let closedAfter = ContinuousClock.now - opened
        print(
            "slowloris \(target): \(slowConnections) slow connections opened in \(openedAll) and held; slowest normal request \(slowest); "
                + "all closed by the server \(closedAfter) after opening (idle bound \(bound))")
        #expect(open.isEmpty, "\(target): \(open.count) slow connections still open \(closedAfter) after opening")
        #expect(closedAfter <= openedAll + bound * 2 + .seconds(2), "\(target): the last closed \(closedAfter) after the first opened")
        #expect(closedAfter >= bound - .milliseconds(500), "\(target): closed after \(closedAfter), before the bound \(bound)")
    }

    @Test("a head above the limit is answered 431 and the connection closed")
    func oversizedHead() async throws {
        try await RealStack.shared {
            try await LimitedServers.with { servers in
                for target in servers.targets {
                    let connection = try RawConnection(port: target.port)
                    connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(String(repeating: "b", count: 40_000))\r\n\r\n")
                    let (bytes, closed) = connection.receive(timeout: .seconds(5))
                    let answer = String(decoding: bytes, as: UTF8.self)
                    #expect(Self.status(answer) == 431, "\(target): \(answer.prefix(200))")
                    #expect(closed, "\(target): the connection stayed open")

                    let many = (0..<150).map { "X-Field-\($0): v\r\n" }.joined()
                    let crowded = try RawConnection(port: target.port)
                    crowded.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\(many)\r\n")
                    let tooMany = String(decoding: crowded.receive(timeout: .seconds(5)).bytes, as: UTF8.self)
                    #expect(Self.status(tooMany) == 431, "\(target), 150 fields: \(tooMany.prefix(200))")
                }
            }
        }
    }

    @Test("a body above the limit is refused with 413")
    func oversizedBody() async throws {
        try await RealStack.shared {
            try await LimitedServers.with { servers in
                for target in servers.targets {
                    let connection = try RawConnection(port: target.port)
                    connection.send(target.oversizedRequest)
                    let answer = connection.receiveAnswer(timeout: .seconds(5))
                    #expect(Self.status(answer) == 413, "\(target): \(answer.prefix(300))")
                }
            }
        }
    }

    @Test("an idle connection, and a body sent a byte at a time, are closed at their bounds")
    func idleAndSlowBody() async throws {
        try await RealStack.shared {
            try await LimitedServers.with { servers in
                for target in servers.targets {
                    let started = ContinuousClock.now
                    let idle = try RawConnection(port: target.port)
                    let slowBody = try RawConnection(port: target.port)
                    slowBody.send(
                        "POST /v1/sales HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                    var idleClosed: Duration?
                    var bodyClosed: Duration?
                    while ContinuousClock.now - started < .seconds(9), idleClosed == nil || bodyClosed == nil {
                        // A byte of body every 100 ms: the body would take 100 s, each byte well within the idle bound.
                        if bodyClosed == nil, !slowBody.send(" ") || slowBody.isClosedByPeer() {
                            bodyClosed = ContinuousClock.now - started
                        }
                        if idleClosed == nil, idle.isClosedByPeer() { idleClosed = ContinuousClock.now - started }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    print(
                        "\(target): idle connection closed after \(idleClosed.map { "\($0)" } ?? "never"), slow body after \(bodyClosed.map { "\($0)" } ?? "never")"
                    )
                    let idleBound = Duration.seconds(LimitedServers.idleSeconds)
                    let requestBound = Duration.seconds(LimitedServers.requestSeconds)
                    let idleAfter = try #require(idleClosed, "\(target): the idle connection was not closed")
                    let bodyAfter = try #require(bodyClosed, "\(target): the slow body's connection was not closed")
                    #expect(idleAfter >= idleBound - .milliseconds(500) && idleAfter <= idleBound + .seconds(2), "\(target): \(idleAfter)")
                    #expect(
                        bodyAfter >= requestBound - .milliseconds(500) && bodyAfter <= requestBound + .seconds(2), "\(target): \(bodyAfter)"
                    )
                }
            }
        }
    }

    @Test("the POS API on a Unix socket: mode 0660, answers over it")
    func unixSocket() async throws {
        try await RealStack.shared {
            try await LimitedServers.with(unixSocket: true) { servers in
                var status = stat()
                #expect(stat(servers.socketPath, &status) == 0)
                #expect(status.st_mode & 0o777 == 0o660, "mode \(String(status.st_mode & 0o777, radix: 8))")
                let connection = try RawConnection(unixSocket: servers.socketPath)
                connection.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
                let answer = connection.receiveAnswer(timeout: .seconds(5))
                #expect([200, 503].contains(Self.status(answer)), "\(answer.prefix(200))")
                #expect(answer.contains("\"terminalId\":9") || answer.contains("\"terminalId\" : 9"), "\(answer.suffix(300))")

                // A second terminal on the same socket is refused while this one listens.
                var settings = TerminalConfiguration.POSAPISettings()
                settings.unixSocket = servers.socketPath
                let failure = #expect(throws: TerminalFailure.self) { try POSAPIListener(settings: settings).prepare() }
                #expect(failure?.description.contains("is in use") == true, "\(String(describing: failure))")
            }
        }
    }
}
