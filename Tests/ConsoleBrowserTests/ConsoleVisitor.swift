import Foundation
import HeadlessBrowser
import Testing

/// A console user at the browser: signs in, opens pages (each checked for console errors and
/// photographed), and signs out.
struct ConsoleVisitor {
    let browser: HeadlessBrowser
    let base: String

    /// Signs in through the form, as a person would.
    func signIn(_ user: String, _ password: String) async throws {
        try await browser.open(base + "/console/sign-in")
        try await browser.type(user, into: "input[name=user]")
        try await browser.type(password, into: "input[name=password]")
        try await browser.click("form.sign-in button[type=submit]")
    }

    func signOut() async throws {
        try await browser.click("form.sign-out button[type=submit]")
    }

    /// Opens `path`; the page must load without an error in the browser's console. With `shot`,
    /// a picture of the whole page is written to the screenshot folder as `shot.png`.
    @discardableResult
    func visit(_ path: String, shot: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        try await browser.open(base + path)
        let errors = try await browser.consoleErrors()
        #expect(errors.isEmpty, "\(path): \(errors)", sourceLocation: sourceLocation)
        if let shot { try await browser.screenshot(to: ConsoleStore.screenshotFolder + "/\(shot).png") }
        return try await browser.pageSource()
    }

    /// The page's `<h1>`.
    func heading() async throws -> String { try await browser.text("main h1") }
}
