import Foundation
import Synchronization

/// A TCP listener on a free port of 127.0.0.1 that hands each accepted connection to a thread of
/// its own, until stopped; and the client side, a connection to a loopback port.
final class LoopbackListener: Sendable {
    let port: Int
    private let listeningSocket: Int32
    private let stopped = Atomic<Bool>(false)

    /// How long a read on an accepted connection may wait (nil: as long as it takes).
    private let receiveTimeoutSeconds: Int?

    /// Listens, and calls `handle` with each accepted connection on a new thread (the socket is
    /// closed after `handle` returns); reads on it wait at most `receiveTimeoutSeconds`.
    init(receiveTimeoutSeconds: Int? = 30, handle: @escaping @Sendable (Int32) -> Void) throws {
        self.receiveTimeoutSeconds = receiveTimeoutSeconds
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FaultProxyError("socket: \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = FaultProxy.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw FaultProxyError("bind/listen: \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listeningSocket = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop(handle) }
        thread.start()
    }

    /// Stops accepting connections (those being handled finish).
    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(listeningSocket, Int32(SHUT_RDWR))
        close(listeningSocket)
    }

    deinit { stop() }

    private func acceptLoop(_ handle: @escaping @Sendable (Int32) -> Void) {
        while !stopped.load(ordering: .relaxed) {
            let client = accept(listeningSocket, nil, nil)
            guard client >= 0 else {
                if stopped.load(ordering: .relaxed) { return }
                continue
            }
            if let seconds = receiveTimeoutSeconds {
                var timeout = timeval(tv_sec: seconds, tv_usec: 0)
                setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            }
            let thread = Thread {
                handle(client)
                close(client)
            }
            thread.start()
        }
    }

    /// A new connection to `127.0.0.1:port`, or nil when nothing listens there.
    static func connectLoopback(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = FaultProxy.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }
}
