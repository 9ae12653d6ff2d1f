import Foundation

/// The header fields of an HTTP/1.1 message, in order, as an attacker on the wire sees them.
public struct InterceptedHeaders: Sendable, Equatable {
    public var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// The first value of `name` (compared without case).
    public subscript(_ name: String) -> String? {
        get { fields.first { $0.name.lowercased() == name.lowercased() }?.value }
        set {
            fields.removeAll { $0.name.lowercased() == name.lowercased() }
            if let newValue { fields.append((name, newValue)) }
        }
    }

    public static func == (left: Self, right: Self) -> Bool {
        left.fields.count == right.fields.count && zip(left.fields, right.fields).allSatisfy { $0 == $1 }
    }

    /// The lines of the head after the first, read leniently (a line without a colon is skipped).
    static func parse(_ lines: some Sequence<Substring>) -> Self {
        Self(
            lines.compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            })
    }

    /// The fields as written, each line ended by CRLF, without the framing ones (`Content-Length`,
    /// `Transfer-Encoding`, `Connection`), which the writer sets for the body it sends.
    func written() -> String {
        let framing: Set = ["content-length", "transfer-encoding", "connection"]
        return fields.filter { !framing.contains($0.name.lowercased()) }.map { "\($0.name): \($0.value)\r\n" }.joined()
    }
}

/// A request between a client and its server, read off the wire: what an attacker in the middle
/// may change before passing it on.
public struct InterceptedRequest: Sendable, Equatable {
    public var method: String
    /// The request target: the path and the query, as in the request line.
    public var target: String
    public var headers: InterceptedHeaders
    public var body: [UInt8]

    public init(method: String, target: String, headers: InterceptedHeaders, body: [UInt8]) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The target's path, without the query.
    public var path: String { String(target.prefix { $0 != "?" }) }

    /// The value of the query parameter `name`, if the target has it.
    public func query(_ name: String) -> String? {
        URLComponents(string: target)?.queryItems?.first { $0.name == name }?.value
    }

    /// Reads a whole request (as ``FaultProxy`` frames it: `Content-Length` bodies).
    init?(wire bytes: [UInt8]) {
        guard let (head, body) = HTTPWire.split(bytes) else { return nil }
        let requestLine = head.first?.split(separator: " ") ?? []
        guard requestLine.count == 3 else { return nil }
        self.init(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: InterceptedHeaders.parse(head.dropFirst()),
            body: body)
    }

    /// The request as sent on: its length set for its body, and `Connection: close`.
    var wire: [UInt8] {
        let length = body.isEmpty && method == "GET" ? "" : "Content-Length: \(body.count)\r\n"
        return Array("\(method) \(target) HTTP/1.1\r\n\(headers.written())\(length)Connection: close\r\n\r\n".utf8) + body
    }
}

/// An answer on its way back to the client, read off the wire: what an attacker in the middle
/// may rewrite, cut short, or replace with one recorded earlier.
public struct InterceptedResponse: Sendable, Equatable {
    public var status: Int
    public var reason: String
    public var headers: InterceptedHeaders
    /// The body, de-chunked when the server sent it in chunks.
    public var body: [UInt8]

    public init(status: Int, reason: String, headers: InterceptedHeaders, body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// Reads a whole response, framed by its length or by the end of the connection.
    init?(wire bytes: [UInt8]) {
        guard let (head, rawBody) = HTTPWire.split(bytes) else { return nil }
        let statusLine = head.first?.split(separator: " ", maxSplits: 2) ?? []
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else { return nil }
        let headers = InterceptedHeaders.parse(head.dropFirst())
        var body = rawBody
        if headers["Transfer-Encoding"]?.lowercased().contains("chunked") == true {
            guard let whole = HTTPWire.dechunked(rawBody) else { return nil }
            body = whole
        }
        self.init(status: status, reason: statusLine.count > 2 ? String(statusLine[2]) : "", headers: headers, body: body)
    }

    /// The response as the client receives it: its length set for its body (none for 204 and
    /// 304), and `Connection: close`.
    var wire: [UInt8] {
        let length = status == 204 || status == 304 ? "" : "Content-Length: \(body.count)\r\n"
        return Array("HTTP/1.1 \(status) \(reason)\r\n\(headers.written())\(length)Connection: close\r\n\r\n".utf8) + body
    }
}

/// The framing of HTTP/1.1 messages the interceptor reads.
enum HTTPWire {
    /// The head's lines (request or status line first) and the bytes after the blank line.
    static func split(_ bytes: [UInt8]) -> (head: [Substring], body: [UInt8])? {
        guard let end = FaultProxy.find([13, 10, 13, 10], in: bytes) else { return nil }
        let head = String(decoding: bytes.prefix(end), as: UTF8.self)
        return (head.split(separator: "\r\n", omittingEmptySubsequences: false), Array(bytes[(end + 4)...]))
    }

    /// A chunked body put back together; nil when it is cut or malformed.
    static func dechunked(_ bytes: [UInt8]) -> [UInt8]? {
        var body: [UInt8] = []
        var offset = 0
        while let lineEnd = FaultProxy.find([13, 10], in: Array(bytes[offset...])) {
            let sizeText = String(decoding: bytes[offset..<offset + lineEnd], as: UTF8.self).prefix { $0 != ";" }
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            let start = offset + lineEnd + 2
            if size == 0 { return body }
            guard start + size + 2 <= bytes.count else { return nil }
            body += bytes[start..<start + size]
            offset = start + size + 2
        }
        return nil
    }
}
