import Glibc

/// A blocking TCP connection to the vpcd driver, tuned for one small request-answer exchange
/// at a time.
///
/// The driver sends its 2-byte length and the APDU in separate writes. With Nagle's algorithm
/// on the driver's side, the second write waits for our acknowledgement of the first, and
/// Linux delays that acknowledgement by up to 40 ms. `TCP_QUICKACK` (re-armed after every
/// read, as Linux clears it) makes us acknowledge at once, and `TCP_NODELAY` sends each of our
/// answers, framed in a single buffer, without waiting.
struct VPCDSocket {
    enum Failure: Error { case closed, system(Int32) }

    let descriptor: Int32

    /// Connects to `host:port`; throws when nothing listens there yet.
    static func connect(host: String, port: UInt16) throws -> VPCDSocket {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.system(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            Glibc.close(fd)
            throw Failure.system(EINVAL)
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let error = errno
            Glibc.close(fd)
            throw Failure.system(error)
        }
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        let socket = VPCDSocket(descriptor: fd)
        socket.quickAck()
        return socket
    }

    /// Reads one message; throws ``Failure/closed`` when the driver hung up.
    func receive() throws -> [UInt8] {
        let header = try read(count: 2)
        let length = Int(header[0]) << 8 | Int(header[1])
        return try read(count: length)
    }

    func send(_ payload: [UInt8]) throws {
        let framed = VPCDMessage.frame(payload)
        var offset = 0
        while offset < framed.count {
            let written = framed[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure.system(errno)
            }
            offset += written
        }
    }

    /// Wakes a blocked ``receive()`` on another thread; the connection is unusable afterwards.
    func shutdown() {
        _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
    }

    func close() {
        _ = Glibc.close(descriptor)
    }

    private func read(count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = buffer[offset...].withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if got == 0 { throw Failure.closed }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure.system(errno)
            }
            offset += got
            quickAck()
        }
        return buffer
    }

    private func quickAck() {
        var on: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), Int32(TCP_QUICKACK), &on, socklen_t(MemoryLayout<Int32>.size))
    }
}
