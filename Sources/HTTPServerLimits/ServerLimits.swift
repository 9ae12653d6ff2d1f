import HummingbirdCore
import Logging
import NIOCore

/// The bounds an HTTP/1.1 server puts on its clients: the size of a request's head, and the
/// time a client may take to send a request or keep a connection open without one.
///
/// Both servers (the terminal's POS API and the back office) build their Hummingbird server
/// with ``http1(logger:)``, so a slow or oversized client is handled the same way by both:
///
/// - a head with more than ``maximumHeaderBytes`` bytes of header fields, or more than
///   ``maximumHeaderCount`` fields, is answered 431 and the connection closed;
/// - a connection with no request under way is closed after ``idleTimeout``: one that opens and
///   sends nothing, one between two keep-alive requests, and one whose request head is still
///   incomplete (a head is only read once whole, so a client sending it a byte at a time is idle);
/// - a request whose body has not fully arrived ``requestTimeout`` after its head is cut off:
///   the connection is closed (the metric ``slowRequestsMetric`` counts them).
///
/// Body sizes are each server's own (the POS API's `maximumBodyBytes`, the back office's
/// upload limit): they refuse a larger body with 413 before reading it.
public struct ServerLimits: Sendable, Equatable {
    /// The most bytes of header fields a request head may hold (names and values together; one
    /// field is bounded by the same figure).
    public var maximumHeaderBytes: Int
    /// The most header fields a request head may hold.
    public var maximumHeaderCount: Int
    /// How long a connection may stay open without a request under way.
    public var idleTimeout: Duration
    /// How long a request's body may take to arrive, from its head.
    public var requestTimeout: Duration

    public init(maximumHeaderBytes: Int = 16_384, maximumHeaderCount: Int = 100, idleTimeout: Duration, requestTimeout: Duration) {
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumHeaderCount = maximumHeaderCount
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
    }

    /// The label of the counter of requests cut off by ``requestTimeout``.
    public static let slowRequestsMetric = "http_slow_requests_closed_total"

    /// Hummingbird's HTTP/1.1 channel configuration for these limits.
    public func http1Configuration(logger: Logger) -> HTTP1Channel.Configuration {
        let requestTimeout = TimeAmount(requestTimeout)
        let headerBytes = maximumHeaderBytes
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [
                RequestDeadlineHandler(requestTimeout: requestTimeout, logger: logger)
            ],
            idleTimeout: TimeAmount(idleTimeout),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: headerBytes, maxHeaderListSize: headerBytes, maxHeaderFieldCount: maximumHeaderCount))
    }

    /// A plain HTTP/1.1 server with these limits (wrap it in `.tls(...)` for HTTPS).
    public func http1(logger: Logger) -> HTTPServerBuilder {
        .http1(configuration: http1Configuration(logger: logger))
    }
}

extension TimeAmount {
    /// `duration` in nanoseconds (saturating).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = .nanoseconds(overflow ? Int64.max : product &+ attoseconds / 1_000_000_000)
    }
}
