import HTTPTypes
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Closes a connection whose request body has not fully arrived some time after its head, and
/// answers 431 to a head over the decoder's limits; one per connection, after the HTTP codec.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let requestTimeout: TimeAmount
    private let logger: Logger
    private var deadline: Scheduled<Void>?

    init(requestTimeout: TimeAmount, logger: Logger) {
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            arm(context)
        case .end:
            disarm()
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard case .headerOverflow = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        // The decoder stops at the limit: answer 431 ourselves and close, so the client is told why.
        logger.notice("request head over the limit: 431 and closed", metadata: ["peer": "\(context.remoteAddress?.description ?? "?")"])
        var fields = HTTPFields()
        fields[.connection] = "close"
        fields[.contentLength] = "0"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .init(code: 431), headerFields: fields))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }

    private func arm(_ context: ChannelHandlerContext) {
        disarm()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: requestTimeout) { [self] in
            deadline = nil
            logger.notice(
                "request body not received in time: connection closed",
                metadata: [
                    "peer": "\(context.remoteAddress?.description ?? "?")", "limit": "\(requestTimeout.nanoseconds / 1_000_000) ms",
                ])
            Counter(label: ServerLimits.slowRequestsMetric).increment()
            context.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

@available(*, unavailable)
extension RequestDeadlineHandler: Sendable {}
