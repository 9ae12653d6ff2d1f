import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The W3C WebDriver wire protocol: JSON commands over HTTP to the driver, each answered with
/// `{"value": ...}`, or `{"value": {"error": ..., "message": ...}}` when it failed.
struct WebDriverConnection: Sendable {
    let base: String
    let client: HTTPClient

    /// Sends one command; answers its `value` as JSON (decoded by `JSONSerialization`).
    func send(_ method: HTTPMethod, _ path: String, _ body: [String: any Sendable]? = nil, timeout: Duration = .seconds(60))
        async throws -> Any?
    {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if method == .POST {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            let data = try JSONSerialization.data(withJSONObject: body ?? [:])
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        let response = try await client.execute(request, timeout: .milliseconds(timeout.milliseconds))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        let object = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView), options: [.fragmentsAllowed])
        let value = (object as? [String: Any])?["value"]
        if response.status.code >= 400 || (value as? [String: Any])?["error"] != nil {
            let failure = value as? [String: Any]
            throw WebDriverError(
                error: failure?["error"] as? String ?? "HTTP \(response.status.code)",
                message: (failure?["message"] as? String ?? "").split(separator: "\n").first.map(String.init) ?? "")
        }
        return value
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
