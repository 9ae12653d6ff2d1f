import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// A minimal browser for the console's tests: real HTTP(S) to a real back office process, a
/// cookie jar, forms posted as browsers post them, redirects not followed (tests look at them).
struct ConsoleBrowser {
    struct Page {
        var status: Int
        var headers: [(name: String, value: String)]
        var text: String

        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
        var setCookies: [String] { headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value) }
        /// The `Set-Cookie` value for `name`.
        func setCookie(_ name: String) -> String? { setCookies.first { $0.hasPrefix(name + "=") } }
        /// The first form's hidden CSRF token.
        var csrf: String? {
            guard let range = text.range(of: #"name="csrf" value="([^"]*)""#, options: .regularExpression) else { return nil }
            return String(text[range]).components(separatedBy: "value=\"").last.map { String($0.dropLast()) }
        }
    }

    let base: String
    let client: HTTPClient
    var cookies: [String: String] = [:]

    /// A client trusting only `authorityFile` (plain HTTP when nil), never following redirects.
    static func client(trusting authorityFile: String?) throws -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        if let authorityFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(authorityFile))
            configuration.tlsConfiguration = tls
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    mutating func get(_ path: String) async throws -> Page { try await send("GET", path, body: nil) }

    /// Posts `fields` url-encoded.
    mutating func post(_ path: String, _ fields: [(String, String)]) async throws -> Page {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { name, value in
            "\(name.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
        return try await send("POST", path, body: Array(body.utf8))
    }

    /// Signs in (GET the form, POST it with its token); answers the POST's page.
    mutating func signIn(_ user: String, _ password: String) async throws -> Page {
        let form = try await get("/console/sign-in")
        return try await post("/console/sign-in", [("csrf", form.csrf ?? ""), ("user", user), ("password", password)])
    }

    private mutating func send(_ method: String, _ path: String, body: [UInt8]?) async throws -> Page {
        var request = HTTPClientRequest(url: base + path)
        request.method = method == "POST" ? .POST : .GET
        if !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let collected = try await response.body.collect(upTo: 16 << 20)
        let page = Page(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            text: String(buffer: collected))
        for cookie in page.setCookies {
            let pair = cookie.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || cookie.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return page
    }
}
