import SystemPackage

/// A blocking TCP connection to the vpcd driver, tuned for one small request-answer exchange
/// at a time.
///
/// The driver sends its 2-byte length and the APDU in separate writes. With Nagle's algorithm
/// on the driver's side, the second write waits for our acknowledgement of the first, and
/// Linux delays that acknowledgement by up to 40 ms. `TCP_QUICKACK` (re-armed after every
/// read, as Linux clears it) makes us acknowledge at once, and `TCP_NODELAY` sends each of our
/// answers, framed in a single buffer, without waiting.
///
/// Reads and closing go through swift-system's `FileDescriptor`; what swift-system has no call
/// for (making the connection, the socket options, `send`, `shutdown`) is in ``SocketCalls``.
struct VPCDSocket {
    enum Failure: Error {
        case closed
        case system(Errno)
    }

    let descriptor: FileDescriptor

    /// Connects to `host:port`; throws when nothing listens there yet.
    static func connect(host: String, port: UInt16) throws -> VPCDSocket {
        let descriptor: FileDescriptor
        do { descriptor = try SocketCalls.connectTCP(host: host, port: port) } catch { throw Failure.system(error) }
        SocketCalls.setNoDelay(descriptor)
        SocketCalls.armQuickAck(descriptor)
        return VPCDSocket(descriptor: descriptor)
    }

    /// Reads one message; throws ``Failure/closed`` when the driver hung up.
    func receive() throws -> [UInt8] {
        let header = try read(count: 2)
        let length = Int(header[0]) << 8 | Int(header[1])
        return try read(count: length)
    }

    /// Sends one message, framed in one buffer so that it leaves in one segment.
    func send(_ payload: [UInt8]) throws {
        do {
            try VPCDMessage.frame(payload).withUnsafeBytes { try SocketCalls.sendAll($0, to: descriptor) }
        } catch {
            throw Failure.system(error as? Errno ?? .ioError)
        }
    }

    /// Wakes a blocked ``receive()`` on another thread; the connection is unusable afterwards.
    func shutdown() {
        SocketCalls.shutdown(descriptor)
    }

    func close() {
        try? descriptor.close()
    }

    private func read(count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got: Int
            do {
                got = try buffer[offset...].withUnsafeMutableBytes {
                    try descriptor.read(into: $0, retryOnInterrupt: true)
                }
            } catch {
                throw Failure.system(error as? Errno ?? .ioError)
            }
            if got == 0 { throw Failure.closed }
            offset += got
            SocketCalls.armQuickAck(descriptor)
        }
        return buffer
    }
}
