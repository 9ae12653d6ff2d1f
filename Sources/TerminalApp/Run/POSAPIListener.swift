import Foundation
import HTTPServerLimits
import Hummingbird
import Logging
import POSAPI

/// Where and how the POS API listens, from the configuration: the address (host and port, or a
/// Unix socket), the token and who must present it, and the bounds on clients.
struct POSAPIListener: Sendable {
    let settings: TerminalConfiguration.POSAPISettings

    /// The API's options: the token guards every route when the API is reachable from the
    /// network (the configuration requires a token then), only `/v1/` otherwise.
    func options(token: String?) -> POSAPIOptions {
        POSAPIOptions(token: token, tokenGuardsEveryRoute: !settings.isLocalOnly, maximumBodyBytes: settings.maximumBodyBytes)
    }

    /// The bounds on clients (`HTTPServerLimits`).
    var limits: ServerLimits {
        ServerLimits(
            maximumHeaderBytes: settings.maximumHeaderBytes, idleTimeout: .seconds(settings.idleTimeoutSeconds),
            requestTimeout: .seconds(settings.requestTimeoutSeconds))
    }

    /// The address to bind.
    var address: BindAddress {
        if let socket = settings.unixSocket { return .unixDomainSocket(path: socket) }
        return .hostname(settings.host, port: settings.port)
    }

    /// What the ready line says the API listens on.
    func endpoint(port: Int) -> String {
        if let socket = settings.unixSocket { return "unix:\(socket)" }
        return "http://\(settings.host):\(port)"
    }

    /// Before binding a Unix socket: a socket file left by a previous run is removed (binding
    /// over it fails); one a running process still listens on, or any other file there, is left
    /// and reported.
    func prepare() throws {
        guard let socket = settings.unixSocket else { return }
        var status = stat()
        guard lstat(socket, &status) == 0 else { return }
        guard (status.st_mode & S_IFMT) == S_IFSOCK else {
            throw TerminalFailure("posAPI.unixSocket \(socket) exists and is not a socket: remove it or choose another path")
        }
        guard !Self.someoneListens(on: socket) else {
            throw TerminalFailure(
                "posAPI.unixSocket \(socket) is in use (another loyalty-terminal running?): stop it or choose another path")
        }
        guard unlink(socket) == 0 else {
            throw TerminalFailure("the old socket \(socket) cannot be removed: \(String(cString: strerror(errno)))")
        }
    }

    /// Whether a connection to the Unix socket at `path` is accepted.
    static func someoneListens(on path: String) -> Bool {
        let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        } == 0
    }

    /// Once listening: the socket is made readable and writable by the terminal's user and group
    /// only (0660), so only the POS's user, put in that group, can connect.
    func listening(logger: Logger) {
        guard let socket = settings.unixSocket else { return }
        if chmod(socket, 0o660) != 0 {
            logger.error("the POS API socket's mode cannot be set to 0660", metadata: ["socket": "\(socket)", "errno": "\(errno)"])
        }
    }
}
