import BackOfficeStorage
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Where every console request passes: the session from its cookie, the page's role checked on
/// the server, a form's CSRF token checked before its handler runs, the answer rendered in the
/// layout with the security headers.
struct ConsoleGate: Sendable {
    let store: any LedgerStore
    let options: ConsoleOptions
    let renderer: ConsoleRenderer
    let logger: Logger

    /// The largest form body read (larger: 413).
    static let maximumFormBytes = 1 << 20

    // MARK: Sessions

    /// The signed-in user and their session, from the session cookie; nil when there is none,
    /// or it ended, or its user was removed.
    func signedIn(_ request: Request) async throws -> (session: ConsoleSession, user: BackOfficeUser)? {
        guard let value = request.cookies[SessionCookie.session]?.value, !value.isEmpty else { return nil }
        guard
            let session = try await store.touchSession(
                idDigest: ConsoleToken.digest(of: value), now: options.clock(), idleLimit: options.idleLimit),
            let user = try await store.user(named: session.user)
        else { return nil }
        return (session, user)
    }

    /// `/console`: the overview when signed in, else the sign-in page.
    func home(_ request: Request) async throws -> Response {
        try await signedIn(request) == nil ? ConsoleResponse.redirect("/console/sign-in") : ConsoleResponse.redirect("/console/overview")
    }

    // MARK: Pages

    func register<Context: RemoteAddressRequestContext>(_ page: ConsolePage, on router: Router<Context>) {
        router.get(RouterPath(page.path)) { request, context in
            await serve(page, request: request, parameters: Self.strings(context.parameters), isPost: false)
        }
        if page.post != nil {
            router.post(RouterPath(page.path)) { request, context in
                await serve(page, request: request, parameters: Self.strings(context.parameters), isPost: true)
            }
        }
    }

    func serve(_ page: ConsolePage, request: Request, parameters: [String: String], isPost: Bool) async -> Response {
        do {
            guard let (session, user) = try await signedIn(request) else { return ConsoleResponse.redirect("/console/sign-in") }
            let needed = isPost ? (page.postRole ?? page.role) : page.role
            guard user.role.allows(needed) else {
                return message(
                    status: .forbidden, title: "Not allowed",
                    text: "This page needs the \(needed.rawValue) role; you are signed in as \(user.role.rawValue).",
                    user: user, session: session, current: page.path)
            }
            var form: [String: [String]] = [:]
            if isPost {
                let body = try await request.body.collect(upTo: Self.maximumFormBytes)
                form = FormBody.parse(String(buffer: body))
                guard let token = form["csrf"]?.first, ConsoleToken.equal(token, session.csrfToken) else {
                    logger.notice("console: refused a form without its CSRF token", metadata: ["path": "\(request.uri.path)"])
                    return message(
                        status: .forbidden, title: "Form refused",
                        text: "The form did not carry this session's token: nothing was done. Reload the page and try again.",
                        user: user, session: session, current: page.path)
                }
            }
            let consoleRequest = ConsoleRequest(
                store: store, user: user, csrfToken: session.csrfToken, query: Self.strings(request.uri.queryParameters),
                parameters: parameters, form: form, now: options.clock(), options: options, logger: logger)
            let answer = try await (isPost ? page.post! : page.get)(consoleRequest)
            switch answer {
            case .view(let model):
                let content = renderer.body(of: page, model: model, csrf: session.csrfToken)
                return ConsoleResponse.html(
                    renderer.document(layout(title: page.title, user: user, session: session, current: page.path, content: content)))
            case .redirect(let location):
                return ConsoleResponse.redirect(location)
            case .download(let filename, let contentType, let body):
                var extra = HTTPFields()
                extra[.contentDisposition] =
                    "attachment; filename=\"\(filename.filter { $0.isLetter || $0.isNumber || "._-".contains($0) })\""
                return ConsoleResponse.make(status: .ok, contentType: contentType, body: body, extra: extra)
            case .refused(let status, let text):
                return message(
                    status: HTTPResponse.Status(code: status), title: page.title, text: text, user: user, session: session,
                    current: page.path)
            }
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return ConsoleResponse.html("The form is too large.", status: .contentTooLarge)
        } catch {
            logger.error("console fault: \(String(describing: error))", metadata: ["path": "\(request.uri.path)"])
            return ConsoleResponse.html(
                renderer.document(
                    layout(
                        title: "Error", user: nil, session: nil, current: "",
                        content: renderer.body(template: "message", model: ["text": "Something went wrong; the server's log says what."]))),
                status: .internalServerError)
        }
    }

    /// A page holding one message, inside the layout.
    func message(
        status: HTTPResponse.Status, title: String, text: String, user: BackOfficeUser?, session: ConsoleSession?, current: String
    ) -> Response {
        let content = renderer.body(template: "message", model: ["text": text])
        return ConsoleResponse.html(
            renderer.document(layout(title: title, user: user, session: session, current: current, content: content)), status: status)
    }

    func layout(title: String, user: BackOfficeUser?, session: ConsoleSession?, current: String, content: String) -> ConsoleRenderer.Layout
    {
        ConsoleRenderer.Layout(
            title: title, signedIn: user != nil, user: user?.name ?? "", role: user?.role.rawValue ?? "",
            csrf: session?.csrfToken ?? "", navigation: ConsoleRenderer.navigation(ConsolePages.all, role: user?.role, current: current),
            content: content)
    }

    static func strings<S: Sequence>(_ pairs: S) -> [String: String] where S.Element == (key: Substring, value: Substring) {
        var out: [String: String] = [:]
        for (key, value) in pairs { out[String(key)] = String(value) }
        return out
    }
}

/// The console's cookies.
enum SessionCookie {
    /// The session's id.
    static let session = "loyalty_session"
    /// The sign-in form's token before there is a session (double-submit).
    static let signIn = "loyalty_signin"

    /// A `Set-Cookie` value: `HttpOnly; SameSite=Strict; Path=/console`, and `Secure` over TLS.
    static func set(_ name: String, _ value: String, secure: Bool) -> String {
        "\(name)=\(value); Path=/console; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// A `Set-Cookie` value that removes the cookie.
    static func clear(_ name: String, secure: Bool) -> String {
        "\(name)=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}
