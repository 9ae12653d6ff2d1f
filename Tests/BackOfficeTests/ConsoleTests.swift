import AsyncHTTPClient
import CardProfile
import Foundation
import PointsEngine
import StoreProcesses
import Testing
import Timekeeping

/// The console against a real back office process over HTTPS (its own authority): sign-in,
/// its cookies and rate limit, roles and CSRF checked on the server, escaping, and the audit
/// rows the command line and the console write.
@Suite("Console", .serialized, .timeLimit(.minutes(5)))
struct ConsoleTests {
    /// A password file (mode 600) holding `password`.
    static func passwordFile(_ fixture: BackOfficeFixture, _ name: String, _ password: String) throws -> String {
        let path = fixture.directory + "/\(name).password"
        FileManager.default.createFile(atPath: path, contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return path
    }

    /// Adds a console user with the command line.
    static func addUser(_ fixture: BackOfficeFixture, _ name: String, role: String, password: String) async throws {
        try BackOfficeFixture.check(
            try await fixture.server.command([
                "user", "add", name, "--role", role, "--password-file", try passwordFile(fixture, name, password),
            ]))
    }

    /// Runs `body` with a started fixture, an admin `ana` and an auditor `otto`, and a browser.
    static func run(
        backend: BackOfficeFixture.Backend = .sqlite, _ body: (BackOfficeFixture, ConsoleBrowser) async throws -> Void
    ) async throws {
        try await BackOfficeFixture.run(backend: backend) { fixture in
            try await addUser(fixture, "ana", role: "admin", password: "ana's long password")
            try await addUser(fixture, "otto", role: "auditor", password: "otto's long password")
            let client = try ConsoleBrowser.client(trusting: fixture.server.authorityCertificatePath)
            do {
                try await body(fixture, ConsoleBrowser(base: fixture.server.url, client: client))
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }

    @Test("sign-in: cookies HttpOnly, SameSite=Strict, Secure over TLS; security headers; sign-out ends the session")
    func signIn() async throws {
        try await Self.run { _, browser in
            var browser = browser
            let home = try await browser.get("/console/overview")
            #expect(home.status == 303)
            #expect(home.header("Location") == "/console/sign-in")

            let form = try await browser.get("/console/sign-in")
            #expect(form.status == 200)
            #expect(form.header("Content-Security-Policy")?.contains("default-src 'self'") == true)
            #expect(form.header("X-Content-Type-Options") == "nosniff")
            #expect(form.header("Referrer-Policy") == "no-referrer")
            #expect(form.header("X-Frame-Options") == "DENY")
            let preSession = try #require(form.setCookie("loyalty_signin"))
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/console", "Secure"] { #expect(preSession.contains(attribute)) }
            #expect(!form.text.contains(" on"), "no inline event handlers")

            let signedIn = try await browser.post(
                "/console/sign-in", [("csrf", form.csrf ?? ""), ("user", "ana"), ("password", "ana's long password")])
            #expect(signedIn.status == 303)
            #expect(signedIn.header("Location") == "/console/overview")
            let session = try #require(signedIn.setCookie("loyalty_session"))
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/console", "Secure"] { #expect(session.contains(attribute)) }
            let value = session.split(separator: ";")[0].dropFirst("loyalty_session=".count)
            #expect(value.count == 43, "256 random bits, base64url")

            let overview = try await browser.get("/console/overview")
            #expect(overview.status == 200)
            #expect(overview.text.contains("ana (admin)"))
            #expect(overview.text.contains("href=\"/console/users\""), "an admin's navigation lists the users")

            let signOut = try await browser.post("/console/sign-out", [("csrf", overview.csrf ?? "")])
            #expect(signOut.status == 303)
            #expect(try await browser.get("/console/overview").status == 303)
        }
    }

    @Test("a wrong password and an unknown user get the same answer; after five failures within 15 minutes, 429")
    func wrongPasswordAndRateLimit() async throws {
        try await Self.run { _, browser in
            var browser = browser
            let wrong = try await browser.signIn("ana", "not the password")
            let unknown = try await browser.signIn("nobody", "not the password")
            #expect(wrong.status == 401)
            #expect(unknown.status == 401)
            #expect(wrong.text.contains("The user name or password is wrong."))
            #expect(unknown.text.contains("The user name or password is wrong."))
            #expect(wrong.setCookie("loyalty_session") == nil)
            // Five failures from this address within 15 minutes: even the right password now waits.
            for _ in 0..<3 { #expect(try await browser.signIn("ana", "still not it").status == 401) }
            let limited = try await browser.signIn("ana", "ana's long password")
            #expect(limited.status == 429)
            let retry = try #require(limited.header("Retry-After").flatMap(Int.init))
            #expect((1...900).contains(retry))
            #expect(limited.setCookie("loyalty_session") == nil)
            // For any user (the count per user name is the store's, tested there).
            #expect(try await browser.signIn("otto", "otto's long password").status == 429)
        }
    }

    @Test("a form without its CSRF token, or with another, is refused 403 and nothing is done")
    func csrf() async throws {
        try await Self.run { fixture, browser in
            var browser = browser
            #expect(try await browser.signIn("ana", "ana's long password").status == 303)
            let users = try await browser.get("/console/users")
            #expect(users.status == 200)
            let token = try #require(users.csrf)
            let fields = [("action", "add"), ("name", "mallory"), ("role", "admin"), ("password", "mallory's password")]
            let missing = try await browser.post("/console/users", fields)
            #expect(missing.status == 403)
            let forged = try await browser.post("/console/users", fields + [("csrf", String(token.reversed()))])
            #expect(forged.status == 403)
            var list = try await fixture.server.command(["user", "list"])
            #expect(!list.standardOutput.contains("mallory"))

            let added = try await browser.post("/console/users", fields + [("csrf", token)])
            #expect(added.status == 303)
            list = try await fixture.server.command(["user", "list"])
            #expect(list.standardOutput.contains("mallory\tadmin"))
            let audit = try await fixture.server.command(["audit", "list", "--format", "json"])
            #expect(audit.standardOutput.contains(#""action":"user.add","actor":"ana""#))
            // Removing, with the token, is done and audited too; without it, refused.
            #expect(try await browser.post("/console/users", [("action", "remove"), ("name", "mallory")]).status == 403)
            #expect(try await fixture.server.command(["user", "list"]).standardOutput.contains("mallory"))
            let removed = try await browser.post("/console/users", [("csrf", token), ("action", "remove"), ("name", "mallory")])
            #expect(removed.status == 303)
            #expect(!(try await fixture.server.command(["user", "list"]).standardOutput.contains("mallory")))
            #expect(
                try await fixture.server.command(["audit", "list"]).standardOutput.contains("ana user.remove user mallory"))

            // A sign-in form posted without the pre-session token is refused too.
            var stranger = ConsoleBrowser(base: browser.base, client: browser.client)
            let blind = try await stranger.post("/console/sign-in", [("user", "ana"), ("password", "ana's long password")])
            #expect(blind.status == 403)
            #expect(blind.setCookie("loyalty_session") == nil)
        }
    }

    @Test("an auditor gets 403 from the users page, which the navigation does not offer them")
    func roles() async throws {
        try await Self.run { _, browser in
            var browser = browser
            #expect(try await browser.signIn("otto", "otto's long password").status == 303)
            let alarms = try await browser.get("/console/alarms")
            #expect(alarms.status == 200)
            #expect(!alarms.text.contains("href=\"/console/users\""))
            let users = try await browser.get("/console/users")
            #expect(users.status == 403)
            #expect(users.text.contains("needs the admin role"))
            let post = try await browser.post("/console/users", [("csrf", alarms.csrf ?? ""), ("action", "remove"), ("name", "ana")])
            #expect(post.status == 403)
        }
    }

    @Test("a label with <script> is shown as text; CLI acts and the console's export are in the audit log, which verifies")
    func escapingAndAudit() async throws {
        try await Self.run { fixture, browser in
            var browser = browser
            // A terminal enrolled with a hostile label: the audit page shows it as text.
            try TerminalCredentialFile(fixture.issuer.enrolTerminal(id: 9), test: true).save(fixture.directory + "/terminal-9.json")
            try BackOfficeFixture.check(
                try await fixture.server.command([
                    "terminal", "enrol", "--credential-file", fixture.directory + "/terminal-9.json", "--issuer-file",
                    fixture.directory + "/issuer.json", "--label", "<script>alert(1)</script>", "--reason", "new till",
                ]))
            try BackOfficeFixture.check(
                try await fixture.server.command(["terminal", "revoke", "9", "--reason", "stolen from the shop"]))
            #expect(try await browser.signIn("otto", "otto's long password").status == 303)
            let audit = try await browser.get("/console/audit")
            #expect(audit.status == 200)
            #expect(!audit.text.contains("<script>alert"))
            #expect(audit.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(audit.text.contains("stolen from the shop"))
            #expect(audit.text.contains("terminal.revoke"))
            #expect(audit.text.contains("The chain verifies"))

            let export = try await browser.get("/console/audit/export")
            #expect(export.status == 200)
            #expect(export.header("Content-Disposition")?.contains("attachment") == true)
            let rows = export.text.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(rows.last??["action"] as? String == "audit.export")
            #expect(rows.last??["actor"] as? String == "otto")
            #expect(rows.contains { $0?["action"] as? String == "user.add" && ($0?["actor"] as? String)?.hasPrefix("cli:") == true })

            let verify = try await fixture.server.command(["audit", "verify"])
            #expect(verify.status == 0)
            #expect(verify.standardOutput.contains("verifies"))
        }
    }

    @Test("documents: each kind's versions with who published them, and what changed between two versions")
    func documents() async throws {
        try await Self.run { fixture, browser in
            var browser = browser
            let list = fixture.directory + "/blocked.txt"
            for (members, reason) in [("M-1\n", "fraud"), ("M-1\nM-2\n", "chargebacks")] {
                try members.write(toFile: list, atomically: true, encoding: .utf8)
                try BackOfficeFixture.check(
                    try await fixture.server.command([
                        "publish", "block-list", "--file", list, "--document-key", fixture.documentKeyPath, "--reason", reason,
                    ]))
            }
            #expect(try await browser.signIn("otto", "otto's long password").status == 303)
            let page = try await browser.get("/console/documents")
            #expect(page.status == 200)
            #expect(page.text.contains("<h2>block-list</h2>"))
            #expect(page.text.contains("<td>cli:"), "the publisher, from the audit log")
            let diff = try await browser.get("/console/documents?kind=block-list&from=1&to=2")
            #expect(diff.status == 200)
            #expect(diff.text.contains("block-list: version 1 → version 2"))
            let added = diff.text.components(separatedBy: "\n").filter { $0.contains("<span class=\"added\">") }
            #expect(added.contains { $0.contains("&quot;M-2&quot;") }, "\(added)")
            #expect(!diff.text.contains("<span class=\"removed\">-     &quot;M-2"))
            let audit = try await fixture.server.command(["audit", "list"])
            #expect(audit.standardOutput.contains("document.publish block-list version 2 (chargebacks)"))

            // The programme is compared as the programme, not as its signed envelope's base64.
            let keyPath = fixture.directory + "/programme-key.json"
            try Self.demoSigningKeyFile().write(toFile: keyPath, atomically: true, encoding: .utf8)
            chmod(keyPath, 0o600)
            for (version, visit) in [(1, 2), (2, 5)] {
                let path = fixture.directory + "/programme-v\(version).json"
                try Programme.demoDocument.replacingOccurrences(of: #""version": 1"#, with: #""version": \#(version)"#)
                    .replacingOccurrences(of: #""pointsPerVisit": 2"#, with: #""pointsPerVisit": \#(visit)"#)
                    .write(toFile: path, atomically: true, encoding: .utf8)
                try BackOfficeFixture.check(
                    try await fixture.server.command([
                        "publish", "programme", "--file", path, "--signing-key", keyPath, "--document-key", fixture.documentKeyPath,
                    ]))
            }
            let programme = try await browser.get("/console/documents?kind=programme&from=1&to=2")
            let changed = programme.text.components(separatedBy: "\n").filter { $0.contains("class=\"added\"") }
            #expect(changed.contains { $0.contains("&quot;pointsPerVisit&quot;") && $0.contains("5") }, "\(changed)")
            #expect(changed.contains { $0.contains("&quot;version&quot;") && $0.contains("2") }, "\(changed)")
        }
    }

    /// `publish programme`'s key file for the demo's TEST key
    /// (`docs/examples/test-keys/TEST-ONLY-demo-programme-key.txt`, public on purpose).
    static func demoSigningKeyFile() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(
            contentsOf: root.appendingPathComponent("docs/examples/test-keys/TEST-ONLY-demo-programme-key.txt"), encoding: .utf8)
        func value(_ name: String) throws -> String {
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(name + ":") })
            return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        }
        return #"{"keyId":"\#(try value("key-id"))","privateKey":"\#(try value("private"))","publicKey":"\#(try value("public"))"}"#
    }

    @Test("two servers sharing PostgreSQL share sessions, sign-outs and the sign-in rate limit")
    func sharedPostgres() async throws {
        try await Self.run(backend: .postgres) { fixture, browser in
            let second = BackOfficeProcess(
                database: fixture.server.database, logPath: fixture.directory + "/second.log",
                arguments: ["--tls-directory", try #require(fixture.server.tlsDirectory)])
            try await second.start()
            do {
                var first = browser
                #expect(try await first.signIn("ana", "ana's long password").status == 303)
                // The session cookie signed in on the first server works on the second.
                var other = ConsoleBrowser(base: second.url, client: browser.client, cookies: first.cookies)
                let users = try await other.get("/console/users")
                #expect(users.status == 200)
                #expect(users.text.contains("ana (admin)"))
                // Signed out on the second, the session is gone on the first too.
                #expect(try await other.post("/console/sign-out", [("csrf", users.csrf ?? "")]).status == 303)
                #expect(try await first.get("/console/users").status == 303)
                // Failures counted on one server limit sign-ins on the other.
                for _ in 0..<5 { #expect(try await first.signIn("otto", "wrong password").status == 401) }
                var fresh = ConsoleBrowser(base: second.url, client: browser.client)
                #expect(try await fresh.signIn("otto", "otto's long password").status == 429)
            } catch {
                _ = try? await second.stop()
                throw error
            }
            _ = try await second.stop()
        }
    }

    @Test("plain HTTP: no Secure; a session unused for 30 minutes ends, one in use lives; removing a user ends theirs")
    func sessionExpiry() async throws {
        let directory = NSTemporaryDirectory() + "console-clock-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = SimulatedClockFile(path: directory + "/clock")
        try clock.write(offsetMilliseconds: 0)
        let server = BackOfficeProcess(
            database: "sqlite:\(directory)/backoffice.sqlite", logPath: directory + "/server.log", arguments: ["--unsafe-plain-http"],
            environment: [SimulatedClockFile.environmentVariable: clock.path])
        let password = directory + "/password"
        FileManager.default.createFile(atPath: password, contents: Data("a long password\n".utf8), attributes: [.posixPermissions: 0o600])
        for name in ["ana", "bo"] {
            try BackOfficeFixture.check(try await server.command(["user", "add", name, "--role", "admin", "--password-file", password]))
        }
        try await server.start()
        let client = try ConsoleBrowser.client(trusting: nil)
        do {
            var ana = ConsoleBrowser(base: server.url, client: client)
            var bo = ConsoleBrowser(base: server.url, client: client)
            let signedIn = try await ana.signIn("ana", "a long password")
            #expect(signedIn.status == 303)
            #expect(signedIn.setCookie("loyalty_session")?.contains("Secure") == false)
            #expect(try await bo.signIn("bo", "a long password").status == 303)
            // 29 minutes, used: still signed in; 30 more minutes unused: signed out.
            try clock.write(offsetMilliseconds: 29 * 60_000)
            #expect(try await ana.get("/console/alarms").status == 200)
            try clock.write(offsetMilliseconds: 59 * 60_000)
            let expired = try await ana.get("/console/alarms")
            #expect(expired.status == 303)
            #expect(expired.header("Location") == "/console/sign-in")
            // bo, signed in again, is removed by the command line: his session ends at once.
            #expect(try await bo.signIn("bo", "a long password").status == 303)
            #expect(try await bo.get("/console/alarms").status == 200)
            try BackOfficeFixture.check(try await server.command(["user", "remove", "bo"]))
            #expect(try await bo.get("/console/alarms").status == 303)
        } catch {
            try? await client.shutdown()
            _ = try? await server.stop()
            throw error
        }
        try await client.shutdown()
        _ = try await server.stop()
    }
}
