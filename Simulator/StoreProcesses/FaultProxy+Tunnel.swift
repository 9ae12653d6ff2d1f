import Foundation

extension FaultProxy {
    /// Forwards the bytes of `client`'s connection to a new connection to the server and back,
    /// until either side closes or the network is cut (``setFaults(_:)`` with `dropRequest` 1).
    func tunnel(_ client: Int32) {
        guard !refusesConnection() else { return }
        guard let upstream = connectUpstream() else {
            countUpstreamFailure()
            return
        }
        defer { close(upstream) }
        tunnels.withLock { _ = $0.insert(client) }
        defer { tunnels.withLock { _ = $0.remove(client) } }
        var descriptors = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: upstream, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let ready = poll(&descriptors, 2, 1000)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if ready == 0 { continue }
            for (index, descriptor) in descriptors.enumerated() where descriptor.revents != 0 {
                let target = index == 0 ? upstream : client
                let count = buffer.withUnsafeMutableBytes { recv(descriptor.fd, $0.baseAddress, $0.count, 0) }
                guard count > 0, Self.writeAll(target, Array(buffer.prefix(count))) else { return }
            }
        }
    }

    /// Cuts every open tunnel: both ends see the connection end, as when a cable is pulled.
    func cutTunnels() {
        tunnels.withLock { open in
            for socket in open { shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }
}
