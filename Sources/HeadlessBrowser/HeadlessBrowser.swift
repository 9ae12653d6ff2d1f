import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A headless Chromium (Debian's `chromium`) driven through `chromedriver` by WebDriver, for
/// tests that load the back office's console as a user's browser would: pages, forms, cookies,
/// the console log, screenshots.
///
/// ```swift
/// let browser = try await HeadlessBrowser.launch()
/// try await browser.open("https://127.0.0.1:8090/console/sign-in")
/// try await browser.type("ana", into: "input[name=user]")
/// try await browser.click("button[type=submit]")
/// #expect(try await browser.consoleErrors().isEmpty)
/// try await browser.quit()
/// ```
///
/// The browser accepts the back office's own TLS certificate (its authority is the test's).
public final class HeadlessBrowser: Sendable {
    private let driver: ChromeDriverProcess
    private let connection: WebDriverConnection
    private let session: String
    private let profileDirectory: String

    /// The element reference's key in WebDriver's JSON.
    private static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    private init(driver: ChromeDriverProcess, connection: WebDriverConnection, session: String, profileDirectory: String) {
        self.driver = driver
        self.connection = connection
        self.session = session
        self.profileDirectory = profileDirectory
    }

    /// Starts `chromedriver` and a headless Chromium with a fresh profile, a 1280×900 window,
    /// and the console log kept.
    public static func launch(
        chromium: String = "/usr/bin/chromium", chromedriver: String = "/usr/bin/chromedriver",
        logDirectory: String = NSTemporaryDirectory()
    ) async throws -> HeadlessBrowser {
        let profile = logDirectory + "/chromium-profile-" + UUID().uuidString
        let driver = try ChromeDriverProcess(executable: chromedriver, logPath: logDirectory + "/chromedriver-\(UUID().uuidString).log")
        let connection = WebDriverConnection(base: "http://127.0.0.1:\(driver.port)", client: HTTPClient.shared)
        do {
            try await waitUntilReady(connection, driver: driver)
            let options: [String: any Sendable] = [
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                    "--user-data-dir=\(profile)", "--no-first-run", "--disable-extensions", "--lang=en-GB",
                ],
            ]
            let capabilities: [String: any Sendable] = [
                "browserName": "chrome", "acceptInsecureCerts": true, "goog:chromeOptions": options,
                "goog:loggingPrefs": ["browser": "ALL"],
            ]
            let answer = try await connection.send(
                .POST, "/session", ["capabilities": ["alwaysMatch": capabilities]], timeout: .seconds(120))
            guard let session = (answer as? [String: Any])?["sessionId"] as? String else {
                throw WebDriverError(error: "driver", message: "no session id in \(String(describing: answer))")
            }
            return HeadlessBrowser(driver: driver, connection: connection, session: session, profileDirectory: profile)
        } catch {
            await driver.stop()
            throw error
        }
    }

    private static func waitUntilReady(_ connection: WebDriverConnection, driver: ChromeDriverProcess) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while ContinuousClock.now < deadline {
            if let status = try? await connection.send(.GET, "/status", timeout: .seconds(2)) as? [String: Any],
                status["ready"] as? Bool == true
            {
                return
            }
            guard driver.isRunning else { throw WebDriverError(error: "driver", message: "chromedriver exited at start") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw WebDriverError(error: "driver", message: "chromedriver not ready within 30 s")
    }

    private func command(_ method: HTTPMethod, _ path: String, _ body: [String: any Sendable]? = nil) async throws -> Any? {
        try await connection.send(method, "/session/\(session)" + path, body)
    }

    // MARK: Navigation

    /// Loads `url` and waits until the page has loaded.
    public func open(_ url: String) async throws {
        _ = try await command(.POST, "/url", ["url": url])
    }

    /// The address of the page shown (after redirects).
    public func currentURL() async throws -> String { try await command(.GET, "/url") as? String ?? "" }

    public func title() async throws -> String { try await command(.GET, "/title") as? String ?? "" }

    /// The page's HTML as the browser holds it now.
    public func pageSource() async throws -> String { try await command(.GET, "/source") as? String ?? "" }

    // MARK: Elements

    /// The first element `css` selects; throws `no such element` when there is none.
    public func element(_ css: String) async throws -> String {
        let answer = try await command(.POST, "/element", ["using": "css selector", "value": css])
        guard let id = (answer as? [String: Any])?[Self.elementKey] as? String else {
            throw WebDriverError(error: "no such element", message: css)
        }
        return id
    }

    /// Every element `css` selects, in document order.
    public func elements(_ css: String) async throws -> [String] {
        let answer = try await command(.POST, "/elements", ["using": "css selector", "value": css]) as? [[String: Any]] ?? []
        return answer.compactMap { $0[Self.elementKey] as? String }
    }

    /// The rendered text of the first element `css` selects.
    public func text(_ css: String) async throws -> String {
        try await command(.GET, "/element/\(try await element(css))/text") as? String ?? ""
    }

    /// The rendered text of every element `css` selects.
    public func texts(_ css: String) async throws -> [String] {
        var texts: [String] = []
        for id in try await elements(css) { texts.append(try await command(.GET, "/element/\(id)/text") as? String ?? "") }
        return texts
    }

    /// An attribute of the first element `css` selects (nil when it has none).
    public func attribute(_ name: String, of css: String) async throws -> String? {
        try await command(.GET, "/element/\(try await element(css))/attribute/\(name)") as? String
    }

    /// Clicks the first element `css` selects (a submit button waits for the next page).
    public func click(_ css: String) async throws {
        _ = try await command(.POST, "/element/\(try await element(css))/click", [:])
    }

    /// Clicks the first element `css` selects and waits (at most `timeout`) until the page it
    /// leads to has loaded: a form's submit button, a link. (A click alone may return before the
    /// browser follows a redirect, which would then replace whatever is opened next.)
    public func clickAndWait(_ css: String, timeout: Duration = .seconds(20)) async throws {
        _ = try await execute("window.__headlessBrowserLeft = true;")
        try await click(css)
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            let loaded = try? await execute("return window.__headlessBrowserLeft !== true && document.readyState === 'complete';")
            if loaded as? Bool == true { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw WebDriverError(error: "timeout", message: "no new page loaded within \(timeout) after clicking \(css)")
    }

    /// Replaces the value of the field `css` selects with `text`, typed key by key.
    public func type(_ text: String, into css: String) async throws {
        let id = try await element(css)
        _ = try await command(.POST, "/element/\(id)/clear", [:])
        _ = try await command(.POST, "/element/\(id)/value", ["text": text])
    }

    /// Runs `script` in the page (its `arguments` are `arguments`) and answers what it returns.
    public func execute(_ script: String, _ arguments: [any Sendable] = []) async throws -> Any? {
        try await command(.POST, "/execute/sync", ["script": script, "args": arguments])
    }

    /// Runs `script` asynchronously: it ends by calling its last argument with its result, which
    /// is answered (`fetch(...).then(r => arguments[arguments.length - 1](r.status))`).
    public func executeAsync(_ script: String, _ arguments: [any Sendable] = []) async throws -> Any? {
        try await command(.POST, "/execute/async", ["script": script, "args": arguments])
    }

    /// The HTTP status of a request the page makes with its own cookies (same origin, redirects
    /// not followed: a redirect answers 0, as `fetch` reports an opaque redirect).
    public func status(of method: String, _ path: String, form: [String: String] = [:]) async throws -> Int {
        let script = """
            const [method, path, form, done] = arguments;
            const body = method === "GET" ? undefined : new URLSearchParams(form);
            fetch(path, { method, body, credentials: "same-origin", redirect: "manual" })
                .then(r => done(r.status)).catch(e => done(-1));
            """
        return try await executeAsync(script, [method, path, form]) as? Int ?? -1
    }

    // MARK: What a test checks

    /// The console log since the last call (Chromium hands each line out once).
    public func consoleLog() async throws -> [BrowserLogEntry] {
        let entries = try await command(.POST, "/se/log", ["type": "browser"]) as? [[String: Any]] ?? []
        return entries.map { BrowserLogEntry(level: $0["level"] as? String ?? "", message: $0["message"] as? String ?? "") }
    }

    /// The errors in the console log since the last call.
    public func consoleErrors() async throws -> [BrowserLogEntry] { try await consoleLog().filter(\.isError) }

    /// The cookies the browser holds for the page shown, `HttpOnly` ones included.
    public func cookies() async throws -> [BrowserCookie] {
        let cookies = try await command(.GET, "/cookie") as? [[String: Any]] ?? []
        return cookies.map {
            BrowserCookie(
                name: $0["name"] as? String ?? "", value: $0["value"] as? String ?? "", httpOnly: $0["httpOnly"] as? Bool ?? false,
                secure: $0["secure"] as? Bool ?? false, sameSite: $0["sameSite"] as? String)
        }
    }

    /// Writes a PNG of the whole page (not just the window) to `path`.
    public func screenshot(to path: String) async throws {
        let height = try await execute("return Math.ceil(document.documentElement.scrollHeight);") as? Int ?? 900
        _ = try await command(.POST, "/window/rect", ["width": 1280, "height": min(max(height + 120, 400), 8000)])
        let encoded = try await command(.GET, "/screenshot") as? String
        _ = try await command(.POST, "/window/rect", ["width": 1280, "height": 900])
        guard let encoded, let png = Data(base64Encoded: encoded) else { throw WebDriverError(error: "driver", message: "no screenshot") }
        try png.write(to: URL(fileURLWithPath: path))
    }

    /// Ends the browser and its driver, and removes the browser's profile.
    public func quit() async throws {
        _ = try? await connection.send(.DELETE, "/session/\(session)")
        await driver.stop()
        try? FileManager.default.removeItem(atPath: profileDirectory)
    }
}
