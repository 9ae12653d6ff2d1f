import Foundation
import HeadlessBrowser
import Testing

/// The browser the console's tests drive: a real headless Chromium through chromedriver.
@Suite("Headless browser", .serialized)
struct HeadlessBrowserTests {
    /// A page with a field, a button and one console error.
    static let page = """
        <!doctype html><html><head><title>Test page</title></head><body>
        <p id="greeting">Xin chào</p><ul><li>one</li><li>two</li><li>three</li></ul>
        <input name="who"><button id="go" onclick="document.getElementById('greeting').textContent = 'Hello ' + document.querySelector('input').value">go</button>
        <script>console.error("broken on purpose");</script>
        </body></html>
        """

    @Test("loads a page, reads and fills it, sees its console error, and writes a screenshot")
    func drivesAPage() async throws {
        let browser = try await HeadlessBrowser.launch()
        do {
            let encoded = Self.page.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await browser.open("data:text/html;charset=utf-8,\(encoded)")
            #expect(try await browser.title() == "Test page")
            #expect(try await browser.text("#greeting") == "Xin chào")
            #expect(try await browser.texts("li") == ["one", "two", "three"])
            try await browser.type("Ana", into: "input[name=who]")
            try await browser.click("#go")
            #expect(try await browser.text("#greeting") == "Hello Ana")
            let errors = try await browser.consoleErrors()
            #expect(errors.count == 1, "\(errors)")
            #expect(errors.first?.message.contains("broken on purpose") == true)
            #expect(try await browser.consoleErrors().isEmpty, "each line is handed out once")
            await #expect(throws: WebDriverError.self) { try await browser.element("#absent") }
            let path = NSTemporaryDirectory() + "/headless-\(UUID().uuidString).png"
            try await browser.screenshot(to: path)
            let png = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
            try? FileManager.default.removeItem(atPath: path)
        } catch {
            try await browser.quit()
            throw error
        }
        try await browser.quit()
    }
}
