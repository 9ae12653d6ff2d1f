import Foundation

/// A back-office console user at the browser: signs in through the form, opens pages (each
/// checked for errors in the browser's console, and photographed when asked), signs out.
public struct ConsoleVisitor: Sendable {
    public let browser: HeadlessBrowser
    /// The back office's address, `https://127.0.0.1:PORT`.
    public let base: String
    /// Where ``visit(_:shot:)`` writes its pictures.
    public let screenshotFolder: String

    public init(browser: HeadlessBrowser, base: String, screenshotFolder: String = ConsoleVisitor.defaultScreenshotFolder) {
        self.browser = browser
        self.base = base
        self.screenshotFolder = screenshotFolder
        try? FileManager.default.createDirectory(atPath: screenshotFolder, withIntermediateDirectories: true)
    }

    /// `LOYALTY_CONSOLE_SCREENSHOTS`, or `console-screenshots` in the temporary folder.
    public static var defaultScreenshotFolder: String {
        ProcessInfo.processInfo.environment["LOYALTY_CONSOLE_SCREENSHOTS"] ?? NSTemporaryDirectory() + "console-screenshots"
    }

    /// Signs in through the form, as a person would.
    public func signIn(_ user: String, _ password: String) async throws {
        try await browser.open(base + "/console/sign-in")
        try await browser.type(user, into: "input[name=user]")
        try await browser.type(password, into: "input[name=password]")
        try await browser.clickAndWait("form.sign-in button[type=submit]")
    }

    public func signOut() async throws {
        try await browser.clickAndWait("form.sign-out button[type=submit]")
    }

    /// Opens `path` and answers the page's HTML; throws when the browser's console shows an
    /// error. With `shot`, a picture of the whole page is written as `shot.png`.
    @discardableResult
    public func visit(_ path: String, shot: String? = nil) async throws -> String {
        try await browser.open(base + path)
        try await expectNoConsoleErrors(on: path)
        if let shot { try await browser.screenshot(to: screenshotFolder + "/\(shot).png") }
        return try await browser.pageSource()
    }

    /// Throws when the browser's console shows an error since the last look.
    public func expectNoConsoleErrors(on page: String) async throws {
        let errors = try await browser.consoleErrors()
        guard errors.isEmpty else { throw WebDriverError(error: "console error", message: "\(page): \(errors)") }
    }

    /// The page's `<h1>`.
    public func heading() async throws -> String { try await browser.text("main h1") }
}
