import BackOfficeStorage
import Foundation
import HTTPTypes
import Hummingbird

/// `GET|POST /console/sign-in` and `POST /console/sign-out`.
///
/// The sign-in form is protected from cross-site posting before any session exists by a
/// double-submit token: a random token in the `loyalty_signin` cookie and in the form's `csrf`
/// field, which must match. Failed sign-ins are counted per user name and per client address in
/// the database; after ``ConsoleOptions/signInFailureLimit`` within ``ConsoleOptions/signInWindow``,
/// attempts answer 429 with `Retry-After`. An unknown user and a wrong password get the same
/// answer, in about the same time.
struct SignInRoutes: Sendable {
    let gate: ConsoleGate

    /// Hashed against when the user is unknown, so that the answer takes as long as a real check.
    static let standIn = try? PasswordHash.make(password: "no user has this password")

    func register<Context: RemoteAddressRequestContext>(on router: Router<Context>) {
        router.get("/console/sign-in") { request, _ in
            if try await gate.signedIn(request) != nil { return ConsoleResponse.redirect("/console/overview") }
            return form(request, status: .ok, notice: "")
        }
        router.post("/console/sign-in") { request, context in
            await signIn(request, address: context.clientAddress)
        }
        router.post("/console/sign-out") { request, _ in
            await signOut(request)
        }
    }

    /// The sign-in form, with the pre-session token (the cookie's, or a new one).
    func form(_ request: Request, status: HTTPResponse.Status, notice: String, extra: HTTPFields = [:]) -> Response {
        let existing = request.cookies[SessionCookie.signIn]?.value ?? ""
        let token = ConsoleToken.isWellFormed(existing) ? existing : ConsoleToken.generate()
        var fields = extra
        fields.append(
            HTTPField(name: .setCookie, value: SessionCookie.set(SessionCookie.signIn, token, secure: gate.options.secureCookies)))
        let content = gate.renderer.body(template: "sign-in", model: ["csrf": token, "notice": notice, "hasNotice": !notice.isEmpty])
        let layout = gate.layout(title: "Sign in", user: nil, session: nil, current: "", content: content)
        return ConsoleResponse.html(gate.renderer.document(layout), status: status, extra: fields)
    }

    func signIn(_ request: Request, address: String) async -> Response {
        let options = gate.options
        let store = gate.store
        do {
            let fields = FormBody.parse(String(buffer: try await request.body.collect(upTo: ConsoleGate.maximumFormBytes)))
            let cookie = request.cookies[SessionCookie.signIn]?.value ?? ""
            guard let token = fields["csrf"]?.first, ConsoleToken.isWellFormed(cookie), ConsoleToken.equal(token, cookie) else {
                return form(request, status: .forbidden, notice: "The form did not carry its token: reload the page and sign in again.")
            }
            let name = fields["user"]?.first ?? ""
            let password = fields["password"]?.first ?? ""
            let now = options.clock()
            let keys = ["user:" + name.lowercased(), "address:" + address]
            var wait: Int64 = 0
            for key in keys {
                let failures = try await store.signInFailures(key: key, since: now - options.signInWindow)
                if failures.count >= options.signInFailureLimit {
                    wait = max(wait, failures[failures.count - options.signInFailureLimit] + options.signInWindow - now)
                }
            }
            if wait > 0 {
                let seconds = max(1, (wait + 999) / 1000)
                var extra = HTTPFields()
                extra[.retryAfter] = String(seconds)
                return form(
                    request, status: .tooManyRequests,
                    notice: "Too many failed sign-ins: try again in \((seconds + 59) / 60) minutes.", extra: extra)
            }
            let user = try await store.user(named: name)
            let hash = user?.passwordHash.flatMap(PasswordHash.init(text:))
            let matches =
                hash?.matches(password)
                ?? {
                    _ = Self.standIn?.matches(password)
                    return false
                }()
            guard let user, matches else {
                try await store.recordSignInFailure(keys: keys, at: now)
                gate.logger.notice("console: failed sign-in", metadata: ["address": "\(address)"])
                return form(request, status: .unauthorized, notice: "The user name or password is wrong.")
            }
            try await store.clearSignInFailures(key: keys[0], before: now - options.signInWindow)
            let id = ConsoleToken.generate()
            try await store.createSession(
                ConsoleSession(
                    idDigest: ConsoleToken.digest(of: id), user: user.name, csrfToken: ConsoleToken.generate(), createdAt: now,
                    lastSeenAt: now, expiresAt: now + options.absoluteLimit))
            var extra = HTTPFields()
            extra.append(HTTPField(name: .setCookie, value: SessionCookie.set(SessionCookie.session, id, secure: options.secureCookies)))
            extra.append(HTTPField(name: .setCookie, value: SessionCookie.clear(SessionCookie.signIn, secure: options.secureCookies)))
            return ConsoleResponse.redirect("/console/overview", extra: extra)
        } catch {
            gate.logger.error("console: sign-in failed: \(String(describing: error))")
            return ConsoleResponse.html("The sign-in could not be checked; the server's log says why.", status: .internalServerError)
        }
    }

    func signOut(_ request: Request) async -> Response {
        let secure = gate.options.secureCookies
        var extra = HTTPFields()
        extra.append(HTTPField(name: .setCookie, value: SessionCookie.clear(SessionCookie.session, secure: secure)))
        do {
            guard let (session, user) = try await gate.signedIn(request) else {
                return ConsoleResponse.redirect("/console/sign-in", extra: extra)
            }
            let fields = FormBody.parse(String(buffer: try await request.body.collect(upTo: ConsoleGate.maximumFormBytes)))
            guard let token = fields["csrf"]?.first, ConsoleToken.equal(token, session.csrfToken) else {
                return gate.message(
                    status: .forbidden, title: "Form refused",
                    text: "The form did not carry this session's token: you are still signed in.",
                    user: user, session: session, current: "")
            }
            try await gate.store.deleteSession(idDigest: session.idDigest)
            return ConsoleResponse.redirect("/console/sign-in", extra: extra)
        } catch {
            gate.logger.error("console: sign-out failed: \(String(describing: error))")
            return ConsoleResponse.html("The sign-out failed; the server's log says why.", status: .internalServerError)
        }
    }
}
