import Foundation
import LoyaltyJournal
import Synchronization

/// An HTTP/1.1 proxy on loopback that injects network faults between a client and a server,
/// for the store simulator's network faults and the sync fault tests: it drops requests, drops responses after the server handled the
/// request, delays, duplicates, and reorders (holds a request back and delivers it after a
/// newer one). One request per client connection (it answers with `Connection: close`).
///
/// As a ``Mode/tunnel`` it forwards the bytes of each connection as they are, so TLS passes
/// through it end to end (the store simulator's terminals reach their back office over HTTPS
/// through it): it sees connections, not requests, so its only fault is the network cut
/// (`dropRequest`: a new connection is refused with that probability, and setting it to 1 also
/// cuts the connections open).
///
/// Decisions come from a seeded generator, so a run can be repeated. It records every
/// `storedThrough` the client was actually given, to check that acknowledgements never move
/// backwards.
public final class FaultProxy: Sendable {
    /// How often each fault happens, as probabilities per request (0 ... 1).
    public struct Faults: Sendable {
        public var dropRequest: Double
        public var dropResponse: Double
        public var delay: Double
        public var maximumDelay: Duration
        public var duplicate: Double
        public var reorder: Double

        public init(
            dropRequest: Double = 0, dropResponse: Double = 0, delay: Double = 0, maximumDelay: Duration = .milliseconds(200),
            duplicate: Double = 0, reorder: Double = 0
        ) {
            self.dropRequest = dropRequest
            self.dropResponse = dropResponse
            self.delay = delay
            self.maximumDelay = maximumDelay
            self.duplicate = duplicate
            self.reorder = reorder
        }
    }

    /// What the proxy did.
    public struct Tally: Sendable, Equatable {
        public var requests = 0
        public var droppedRequests = 0
        public var droppedResponses = 0
        public var delayed = 0
        public var duplicated = 0
        public var reordered = 0
        /// Requests the server could not be reached for (it was down).
        public var upstreamFailures = 0
        /// Every `storedThrough` in an upload answer the client received, in order.
        public var acknowledgements: [UInt64] = []
    }

    private struct State {
        var generator: SplitMix64
        var tally = Tally()
        var held: [UInt8]?
        var faults: Faults
    }

    /// What the proxy forwards.
    public enum Mode: Sendable {
        /// HTTP/1.1 messages, one per connection: every fault.
        case http
        /// The bytes of each connection, whatever they are (TLS); `scheme` is the clients'.
        case tunnel(scheme: String)
    }

    public let mode: Mode
    private let listener: Mutex<LoopbackListener?> = Mutex(nil)
    /// The open tunnels' client sockets, cut when the network goes down.
    let tunnels = Mutex<Set<Int32>>([])
    private let upstreamPort: @Sendable () -> Int
    private let state: Mutex<State>

    /// Listens on a free loopback port and forwards to `127.0.0.1:upstreamPort()` (asked at each
    /// request, so the server may restart on another port).
    public init(upstreamPort: @escaping @Sendable () -> Int, faults: Faults, seed: UInt64, mode: Mode = .http) throws {
        self.upstreamPort = upstreamPort
        self.mode = mode
        state = Mutex(State(generator: SplitMix64(seed: seed), faults: faults))
        let listening = try LoopbackListener(receiveTimeoutSeconds: nil) { [weak self] client in
            guard let self else { return }
            if case .tunnel = mode { tunnel(client) } else { handle(client) }
        }
        listener.withLock { $0 = listening }
    }

    /// The loopback port clients connect to.
    public var port: Int { listener.withLock { $0?.port ?? 0 } }

    public var url: String {
        switch mode {
        case .http: "http://127.0.0.1:\(port)"
        case .tunnel(let scheme): "\(scheme)://127.0.0.1:\(port)"
        }
    }

    public var tally: Tally { state.withLock { $0.tally } }

    /// The faults in force now.
    public var faults: Faults { state.withLock { $0.faults } }

    /// Changes the faults from now on (e.g. none, to let the client catch up at the end).
    public func setFaults(_ faults: Faults) {
        state.withLock { $0.faults = faults }
        if faults.dropRequest >= 1 { cutTunnels() }
    }

    /// Stops accepting connections.
    public func stop() {
        listener.withLock { $0?.stop() }
    }

    deinit { stop() }

    private enum Decision {
        case dropRequest, dropResponse, reorder
        case forward(delay: Duration?, duplicate: Bool)
    }

    private func handle(_ client: Int32) {
        guard let request = Self.readMessage(client, isResponse: false) else { return }
        let decision = state.withLock { state -> Decision in
            state.tally.requests += 1
            let faults = state.faults
            let roll = state.generator.unit()
            if roll < faults.dropRequest {
                state.tally.droppedRequests += 1
                return .dropRequest
            }
            if roll < faults.dropRequest + faults.reorder, state.held == nil {
                state.tally.reordered += 1
                return .reorder
            }
            let delayed = state.generator.unit() < faults.delay
            let delay = delayed ? faults.maximumDelay * state.generator.unit() : nil
            if delayed { state.tally.delayed += 1 }
            if state.generator.unit() < faults.dropResponse {
                state.tally.droppedResponses += 1
                return .dropResponse
            }
            let duplicate = state.generator.unit() < faults.duplicate
            if duplicate { state.tally.duplicated += 1 }
            return .forward(delay: delay, duplicate: duplicate)
        }
        let upstreamRequest = Self.closing(request)
        switch decision {
        case .dropRequest:
            return
        case .reorder:
            // Held back, the client sees a dropped connection and retries; the held copy goes
            // to the server after the next request, out of order.
            state.withLock { $0.held = upstreamRequest }
            return
        case .dropResponse:
            _ = forward(upstreamRequest)
            return
        case .forward(let delay, let duplicate):
            if let delay { Thread.sleep(forTimeInterval: Double(delay.components.attoseconds) / 1e18 + Double(delay.components.seconds)) }
            guard let response = forward(upstreamRequest) else {
                state.withLock { $0.tally.upstreamFailures += 1 }
                return
            }
            if duplicate { _ = forward(upstreamRequest) }
            if let held = state.withLock({ state -> [UInt8]? in
                defer { state.held = nil }
                return state.held
            }) {
                _ = forward(held)
            }
            if let through = Self.storedThrough(response) { state.withLock { $0.tally.acknowledgements.append(through) } }
            Self.writeAll(client, response)
        }
    }

    /// Sends `request` to the server on a new connection and reads its whole response.
    private func forward(_ request: [UInt8]) -> [UInt8]? {
        guard let upstream = connectUpstream() else { return nil }
        defer { close(upstream) }
        guard Self.writeAll(upstream, request) else { return nil }
        return Self.readMessage(upstream, isResponse: true)
    }

    /// A new connection to the server, or `nil` when it cannot be reached.
    func connectUpstream() -> Int32? {
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard upstream >= 0 else { return nil }
        var address = Self.loopback(port: upstreamPort())
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(upstream)
            return nil
        }
        return upstream
    }

    /// Rolls for a refused connection (tunnel mode): counted as a dropped request.
    func refusesConnection() -> Bool {
        state.withLock { state in
            state.tally.requests += 1
            guard state.generator.unit() < state.faults.dropRequest else { return false }
            state.tally.droppedRequests += 1
            return true
        }
    }

    /// Counts a connection the server could not be reached for.
    func countUpstreamFailure() { state.withLock { $0.tally.upstreamFailures += 1 } }

    // MARK: HTTP framing (Content-Length bodies only: all this protocol uses)

    /// One message: the head up to the blank line, then `Content-Length` bytes (a response with
    /// no length is read to the end of the connection).
    static func readMessage(_ socket: Int32, isResponse: Bool) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var headEnd: Int?
        var total: Int?
        while true {
            if let total, bytes.count >= total { return Array(bytes.prefix(total)) }
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 {
                // The peer closed: complete only for a response framed by the connection.
                return isResponse && headEnd != nil && total == nil ? bytes : nil
            }
            bytes += buffer.prefix(count)
            if headEnd == nil, let end = Self.find([13, 10, 13, 10], in: bytes) {
                headEnd = end + 4
                let head = String(decoding: bytes.prefix(end), as: UTF8.self).lowercased()
                if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                    let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
                {
                    total = end + 4 + length
                } else if !isResponse || head.hasPrefix("http/1.1 204") || head.hasPrefix("http/1.1 304") {
                    total = end + 4
                }
            }
        }
    }

    /// `request` with `Connection: close`, so the server ends its response with the connection.
    static func closing(_ request: [UInt8]) -> [UInt8] {
        guard let end = find([13, 10, 13, 10], in: request) else { return request }
        let head = String(decoding: request.prefix(end), as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).filter { !$0.lowercased().hasPrefix("connection:") }
        return Array((lines.joined(separator: "\r\n") + "\r\nConnection: close\r\n\r\n").utf8) + request[(end + 4)...]
    }

    static func storedThrough(_ response: [UInt8]) -> UInt64? {
        guard let end = find([13, 10, 13, 10], in: response), response.starts(with: Array("HTTP/1.1 200".utf8)) else { return nil }
        let body = Data(response[(end + 4)...])
        return ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["storedThrough"].flatMap {
            ($0 as? NSNumber)?.uint64Value
        }
    }

    static func find(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        for index in 0...(bytes.count - pattern.count)
        where bytes[index] == pattern[0] && Array(bytes[index..<index + pattern.count]) == pattern {
            return index
        }
        return nil
    }

    @discardableResult
    static func writeAll(_ socket: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}

/// A proxy that could not start.
public struct FaultProxyError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension SplitMix64 {
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double.random(in: 0..<1, using: &self) }
}
