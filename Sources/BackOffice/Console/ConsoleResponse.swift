import HTTPTypes
import Hummingbird

/// The console's answers, each with the same security headers: a strict Content-Security-Policy
/// (nothing but the console itself; images also `data:`), no sniffing, no referrer, no framing,
/// no caching.
enum ConsoleResponse {
    static let securityHeaders: [(HTTPField.Name, String)] = [
        (.contentSecurityPolicy, "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (.cacheControl, "no-store"),
    ]

    static func make(status: HTTPResponse.Status, contentType: String, body: [UInt8], extra: HTTPFields = [:]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        for (name, value) in securityHeaders { headers[name] = value }
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// An HTML page.
    static func html(_ text: String, status: HTTPResponse.Status = .ok, extra: HTTPFields = [:]) -> Response {
        make(status: status, contentType: "text/html; charset=utf-8", body: Array(text.utf8), extra: extra)
    }

    /// A 303 to `location` (a path of the console).
    static func redirect(_ location: String, extra: HTTPFields = [:]) -> Response {
        var fields = extra
        fields[.location] = location
        return make(status: .seeOther, contentType: "text/plain; charset=utf-8", body: [], extra: fields)
    }

    /// The stylesheet, from the binary.
    static func stylesheet() -> Response {
        var response = make(status: .ok, contentType: "text/css; charset=utf-8", body: Array(ConsoleTemplates.style.utf8))
        response.headers[.cacheControl] = "max-age=3600"
        return response
    }
}
