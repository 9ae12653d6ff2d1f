import Hummingbird
import HummingbirdTesting
import Logging
import POSAPI
import Synchronization
import Testing

/// Keeps the lines logged through it.
struct RecordingLogHandler: LogHandler {
    /// One line: level and message.
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
    }

    final class Lines: Sendable {
        let lines = Mutex<[Line]>([])
        var all: [Line] { lines.withLock { $0 } }
    }

    let sink: Lines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        sink.lines.withLock { $0.append(Line(level: event.level, message: event.message.description)) }
    }
}

@Suite("Request log")
struct ObservationTests {
    @Test("one line per request with method, path, status and duration; health at debug level")
    func oneLinePerRequest() async throws {
        let lines = RecordingLogHandler.Lines()
        let logger = Logger(label: "pos-api-test") { _ in RecordingLogHandler(sink: lines) }
        let checkout = ScriptedCheckout()
        let app = Application(router: POSAPI.router(checkout: checkout, options: POSAPIOptions(), logger: logger))
        try await app.test(.router) { plain in
            let client = DocumentCheckingClient(client: plain)
            try await client.execute(uri: "/v1/sales", method: .post, headers: jsonHeaders(), body: body(SaleEndpointTests.goodSale))
            try await client.execute(uri: "/v1/sales", method: .post, headers: jsonHeaders(), body: body("{}"))
            try await client.execute(uri: "/health", method: .get)
        }
        let logged = lines.all
        try #require(logged.count == 3)
        #expect(logged[0].level == .info)
        #expect(logged[0].message.hasPrefix("POST /v1/sales 200 "))
        #expect(logged[0].message.hasSuffix(" ms"))
        #expect(logged[1].message.hasPrefix("POST /v1/sales 400 "))
        #expect(logged[2].level == .debug)
        #expect(logged[2].message.hasPrefix("GET /health 200 "))
    }
}
