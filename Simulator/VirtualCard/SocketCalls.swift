import Glibc
import SystemPackage

/// The socket calls swift-system has no API for, in one place: a TCP connection to the vpcd
/// driver, its two options, `send` and `shutdown`. Every failure comes back as an `Errno`.
enum SocketCalls {
    /// Opens a TCP connection to `host` (an IPv4 address) on `port`.
    static func connectTCP(host: String, port: UInt16) throws(Errno) -> FileDescriptor {
        let raw = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard raw >= 0 else { throw Errno(rawValue: errno) }
        let descriptor = FileDescriptor(rawValue: raw)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            try? descriptor.close()
            throw .invalidArgument
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(raw, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let failure = Errno(rawValue: errno)
            try? descriptor.close()
            throw failure
        }
        return descriptor
    }

    /// Turns Nagle's algorithm off (`TCP_NODELAY`): each write leaves at once.
    static func setNoDelay(_ descriptor: FileDescriptor) {
        setOption(TCP_NODELAY, on: descriptor)
    }

    /// Acknowledges what arrives at once rather than after up to 40 ms (`TCP_QUICKACK`).
    /// Linux clears the option as it goes: arm it again after every read.
    static func armQuickAck(_ descriptor: FileDescriptor) {
        setOption(Int32(TCP_QUICKACK), on: descriptor)
    }

    /// Writes all of `bytes` (`send` with `MSG_NOSIGNAL`, so that a driver gone away is an
    /// `EPIPE` error, not a `SIGPIPE` that ends the process as `write` would raise); retries
    /// when interrupted and after a partial write.
    static func sendAll(_ bytes: UnsafeRawBufferPointer, to descriptor: FileDescriptor) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.send(descriptor.rawValue, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if written >= 0 {
                offset += written
            } else if errno != EINTR {
                throw Errno(rawValue: errno)
            }
        }
    }

    /// Shuts both directions down (`shutdown(SHUT_RDWR)`): a read blocked on another thread
    /// returns end of file.
    static func shutdown(_ descriptor: FileDescriptor) {
        _ = Glibc.shutdown(descriptor.rawValue, Int32(SHUT_RDWR))
    }

    private static func setOption(_ option: Int32, on descriptor: FileDescriptor) {
        var on: Int32 = 1
        _ = setsockopt(descriptor.rawValue, Int32(IPPROTO_TCP), option, &on, socklen_t(MemoryLayout<Int32>.size))
    }
}
