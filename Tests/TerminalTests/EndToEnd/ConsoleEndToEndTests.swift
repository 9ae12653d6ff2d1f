import CardProfile
import Foundation
import HeadlessBrowser
import StoreProcesses
import Testing

/// The console in a real headless Chromium acting on a till through the real stack (the terminal
/// process, pcscd, vpcd and the virtual card, a back office process over HTTPS): support blocks
/// a member's lost card and the till refuses it after its next sync; support erases a member and
/// the details are gone from every page and the export.
@Suite("Console end to end", .serialized)
struct ConsoleEndToEndTests {
    static let phone = "+60123456789"

    @Test(
        "a card blocked from the console is refused at the till after sync; an erased member's details are gone from every page and export")
    func blockAndErase() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice(serveArguments: { ["--document-key", SyncEndToEndTests.documentKeyPath($0)] })
        {
            terminal, server, _ in
            let passwordFile = terminal.directory + "/sam.password"
            FileManager.default.createFile(
                atPath: passwordFile, contents: Data("sam-password-e2e".utf8), attributes: [.posixPermissions: 0o600])
            let added = try await server.command(["user", "add", "sam", "--role", "support", "--password-file", passwordFile])
            #expect(added.status == 0, "\(added.standardError)")

            // A member enrolled at the till with a phone, who buys once.
            try await EnrolmentEndToEndTests.blankCard(terminal, uid: [0x08, 0x21, 0x32, 0x43])
            let enrolled = try await terminal.post("/v1/enrolments", EnrolmentEndToEndTests.enrolment("EN-C", phone: "+60 12-345 6789"))
            #expect(enrolled.status == 200, "\(String(decoding: enrolled.data, as: UTF8.self))")
            let member = try #require(enrolled.body["memberId"] as? String)
            let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-C1", 500_000))
            #expect(sale.status == 200, "\(String(decoding: sale.data, as: UTF8.self))")

            let browser = try await HeadlessBrowser.launch()
            do {
                try await Self.console(ConsoleVisitor(browser: browser, base: server.url), terminal: terminal, member: member)
            } catch {
                try? await browser.quit()
                throw error
            }
            try await browser.quit()
        }
    }

    private static func console(_ visitor: ConsoleVisitor, terminal: TerminalHarness, member: String) async throws {
        let browser = visitor.browser
        try await visitor.signIn("sam", "sam-password-e2e")
        // Found by phone once the enrolment is synced.
        var found = false
        for _ in 0..<40 where !found {
            try await visitor.visit("/console/members?q=\(Self.phone.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            found = try await browser.currentURL().hasSuffix("/console/members/\(member)")
            if !found { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(found, "the member was never found by phone")
        #expect(try await browser.pageSource().contains("60123456789"), "the member's page shows the phone")

        // Support blocks the card as lost; the till refuses it once its block list arrives.
        try await browser.type("lost at the market", into: "form:has(input[value=block-card]) input[name=reason]")
        try await browser.clickAndWait("form:has(input[value=block-card]) button[type=submit]")
        try await visitor.expectNoConsoleErrors(on: "blocking the card")
        var refusal: String?
        for attempt in 0..<40 where refusal != "card-blocked" {
            let tried = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-B\(attempt)", 100_000))
            refusal = (tried.body["refusal"] as? [String: Any])?["code"] as? String
            if refusal != "card-blocked" { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(refusal == "card-blocked", "the till never refused the blocked card")

        // Support erases the member (the id typed to confirm): the details are gone everywhere.
        try await visitor.visit("/console/members/\(member)")
        try await browser.type(member, into: "form:has(input[value=erase]) input[name=confirm]")
        try await browser.type("request PDPA-7", into: "form:has(input[value=erase]) input[name=reason]")
        try await browser.clickAndWait("form:has(input[value=erase]) button[type=submit]")
        try await visitor.expectNoConsoleErrors(on: "erasing the member")
        let pages = [
            "/console/members/\(member)", "/console/members/\(member)/export", "/console/audit", "/console/alarms", "/console/terminals",
            "/console/overview", "/console/members?q=\(member)",
        ]
        for page in pages {
            let source = try await visitor.visit(page)
            #expect(!source.contains("60123456789") && !source.contains("345 6789"), "\(page) still shows the phone")
        }
        let export =
            try await browser.executeAsync(
                """
                const [url, done] = arguments;
                fetch(url, { credentials: "same-origin" }).then(r => r.text()).then(done).catch(e => done("error " + e));
                """, ["/console/members/\(member)/export?download=1"]) as? String ?? ""
        #expect(export.contains(member) && !export.contains("60123456789"), "\(export.prefix(600))")
        try await visitor.visit("/console/members?q=\(Self.phone.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        #expect(try await !browser.currentURL().contains("/console/members/\(member)"), "the phone still finds the member")
    }
}
