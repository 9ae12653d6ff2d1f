import ArgumentParser
import HTTPServerLimits
import HummingbirdCore
import Logging

/// `serve`'s bounds on clients (`HTTPServerLimits`): header size, idle connections, slow requests.
struct ServerLimitOptions: ParsableArguments {
    @Option(help: "Largest request head, in bytes of header fields (431 above).") var maximumHeaderBytes = 32_768
    @Option(help: "Seconds a connection may stay open with no request under way (an incomplete request head included).")
    var idleTimeoutSeconds = 60
    @Option(help: "Seconds a request's body may take to arrive after its head (an upload included); the connection is closed after.")
    var requestTimeoutSeconds = 120

    func validate() throws {
        guard (1024...(1 << 20)).contains(maximumHeaderBytes) else {
            throw ValidationError("--maximum-header-bytes must be 1024...1048576")
        }
        guard (1...3600).contains(idleTimeoutSeconds) else { throw ValidationError("--idle-timeout-seconds must be 1...3600") }
        guard (1...3600).contains(requestTimeoutSeconds) else { throw ValidationError("--request-timeout-seconds must be 1...3600") }
    }

    var limits: ServerLimits {
        ServerLimits(
            maximumHeaderBytes: maximumHeaderBytes, idleTimeout: .seconds(idleTimeoutSeconds),
            requestTimeout: .seconds(requestTimeoutSeconds))
    }

    /// HTTP/1.1 with these limits (wrapped in TLS by the caller for HTTPS).
    func http1() -> HTTPServerBuilder {
        limits.http1(logger: Logger(label: "loyalty-backoffice"))
    }
}
