import Foundation
import HeadlessBrowser
import Testing

/// The console in a real headless Chromium against a real back office holding the quick store's
/// data: sign-in, every page, the session cookie, CSRF, roles, the audit log.
@Suite("Console in a browser", .serialized)
struct ConsoleWalkthroughTests {
    @Test("staff sign in, every page loads without a console error, forms need their CSRF token, roles are checked by the server")
    func walkthrough() async throws {
        let store = try await ConsoleStore.start()
        let browser: HeadlessBrowser
        do { browser = try await HeadlessBrowser.launch() } catch {
            await store.stop()
            throw error
        }
        do {
            try await walk(store, ConsoleVisitor(browser: browser, base: store.office.url))
            try await overviewAndMembers(store, ConsoleVisitor(browser: browser, base: store.office.url))
        } catch {
            Issue.record("back office log: \(store.office.log.suffix(3000))")
            try? await browser.quit()
            await store.stop()
            throw error
        }
        try await browser.quit()
        await store.stop()
        print("console screenshots: \(ConsoleVisitor.defaultScreenshotFolder)")
    }

    private func walk(_ store: ConsoleStore, _ visitor: ConsoleVisitor) async throws {
        let browser = visitor.browser
        // Not signed in: every page leads to the sign-in form.
        try await browser.open(store.office.url + "/console/audit")
        #expect(try await browser.currentURL().hasSuffix("/console/sign-in"))
        try await visitor.visit("/console/sign-in", shot: "sign-in")

        // A wrong password is refused with the same words as an unknown user.
        try await visitor.signIn("store-admin", "not the password")
        #expect(try await browser.text("p.notice").contains("wrong"))
        _ = try await browser.consoleErrors()  // the 401 itself

        // The admin signs in and reaches every page of the navigation.
        try await visitor.signIn("store-admin", store.passwords["store-admin"]!)
        #expect(try await browser.currentURL().contains("/console/overview"))
        let session = try #require(try await browser.cookies().first { $0.name == "loyalty_session" })
        #expect(session.httpOnly && session.secure && session.sameSite == "Strict", "\(session)")
        let links = try await browser.elements("header nav a")
        var paths: [String] = []
        for link in links {
            paths.append(
                try await browser.execute("return arguments[0].getAttribute('href');", [["element-6066-11e4-a52e-4f735466cecf": link]])
                    as? String ?? "")
        }
        #expect(
            Set(paths).isSuperset(of: ["/console/overview", "/console/alarms", "/console/audit", "/console/documents", "/console/users"]),
            "\(paths)")
        #expect(Set(paths).isSuperset(of: ["/console/members", "/console/terminals"]), "\(paths)")
        for path in paths {
            try await visitor.visit(path, shot: String(path.split(separator: "/").last ?? "page"))
            #expect(try await !visitor.heading().isEmpty, "\(path) has a heading")
        }

        // A form posted without its CSRF token (or with another) is refused, and nothing is done.
        try await visitor.visit("/console/users")
        let forged = ["action": "add", "name": "mallory", "role": "admin", "password": "mallory-password-1"]
        #expect(try await browser.status(of: "POST", "/console/users", form: forged) == 403)
        #expect(try await browser.status(of: "POST", "/console/users", form: forged.merging(["csrf": "0000"]) { $1 }) == 403)
        _ = try await browser.consoleErrors()
        #expect(try await !visitor.visit("/console/users").contains("mallory"))

        // The same form, filled in the page (with its token), adds the user; the act is audited.
        try await browser.type("ines", into: "h2 + form input[name=name]")
        try await browser.type("ines-password-1", into: "h2 + form input[name=password]")
        try await browser.clickAndWait("h2 + form button[type=submit]")
        #expect(try await browser.pageSource().contains("ines"))
        let audit = try await visitor.visit("/console/audit", shot: "audit")
        #expect(audit.contains("user.add") && audit.contains("user ines"))

        // An auditor reads but cannot reach an admin page: the server answers 403.
        try await visitor.signOut()
        try await visitor.signIn("audrey", store.passwords["audrey"]!)
        #expect(try await browser.currentURL().contains("/console/overview"))
        #expect(try await browser.status(of: "GET", "/console/users") == 403)
        try await browser.open(store.office.url + "/console/users")
        let refused = try await browser.pageSource()
        #expect(refused.contains("403") || refused.lowercased().contains("not allowed"), "\(refused.suffix(800))")
        _ = try await browser.consoleErrors()
        let auditorLinks = try await browser.texts("header nav a")
        #expect(!auditorLinks.contains("Users"), "\(auditorLinks)")
    }

    /// The overview's figures are the JSON report's; its daily charts have a point a day; a
    /// member is found by id; the fleet lists the store's tills.
    private func overviewAndMembers(_ store: ConsoleStore, _ visitor: ConsoleVisitor) async throws {
        let browser = visitor.browser
        try await visitor.signOut()
        try await visitor.signIn("audrey", store.passwords["audrey"]!)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let today = Date()
        let (from, to) = (formatter.string(from: today.addingTimeInterval(-6 * 86_400)), formatter.string(from: today))
        let query = "from=\(from)&to=\(to)&utcOffsetMinutes=0"
        try await visitor.visit("/console/overview?\(query)", shot: "overview")
        let shown =
            try await browser.execute(
                """
                const figures = {};
                document.querySelectorAll("[data-figure][data-value]").forEach(e => { figures[e.dataset.figure] = e.dataset.value; });
                return figures;
                """) as? [String: String] ?? [:]
        let script = """
            const [url, token, done] = arguments;
            fetch(url, { headers: { Authorization: "Bearer " + token } }).then(r => r.text()).then(done).catch(e => done("error " + e));
            """
        let text = try await browser.executeAsync(script, ["/v1/reports/retention?\(query)", store.auditorToken]) as? String ?? ""
        let report = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text.prefix(500))")
        #expect(shown.count >= 10, "\(shown)")
        for (key, value) in shown {
            guard let reported = report[key] else { continue }
            if reported is NSNull {
                #expect(value.isEmpty, "\(key): the page shows \(value), the JSON report null")
                continue
            }
            // The same Double on both sides; Foundation's JSON parsing on Linux may differ in the
            // last bit from Double's own, hence a relative bound far below any figure's precision.
            let (page, json) = (Double(value), (reported as? NSNumber)?.doubleValue)
            let same = page == json || (page.flatMap { a in json.map { b in abs(a - b) <= 1e-12 * max(1, abs(b)) } } ?? false)
            #expect(same, "\(key): the page shows \(value), the JSON report \(reported)")
        }
        #expect(Int(shown["customersAtEnd"] ?? "") ?? 0 > 0, "the quick store's customers are in the period: \(shown)")
        for series in ["pointsEarned", "pointsRedeemed", "purchases", "customers"] {
            let points = try await browser.elements("figure[data-series=\(series)] .point")
            #expect(points.count == 7, "\(series): \(points.count) points for 7 days")
        }

        // A member is found by id and shown with their transactions.
        try await visitor.visit("/console/members")
        try await browser.type("M-00001", into: "input[name=q]")
        try await browser.clickAndWait("main form button[type=submit]")
        try await visitor.expectNoConsoleErrors(on: "the member")
        #expect(try await browser.currentURL().hasSuffix("/console/members/M-00001"))
        #expect(try await browser.elements("main table").count >= 3)
        try await browser.screenshot(to: visitor.screenshotFolder + "/member.png")

        // The fleet: the store's three tills.
        let fleet = try await visitor.visit("/console/terminals", shot: "terminals")
        for label in ["simulated till 1", "simulated till 2", "simulated till 3"] { #expect(fleet.contains(label), "\(label)") }
    }
}
