import CardProfile
import Foundation
import PointsEngine
import StoreProcesses
import Testing

/// Till adjustments, reversals and managers' approvals through the real stack (the terminal
/// process, pcscd, vpcd and virtual cards, a back office process over HTTPS that publishes the
/// programme's approval rules and the managers list, and reports what was approved).
@Suite("Adjustments, reversals and approvals end to end", .serialized)
struct ApprovalsEndToEndTests {
    /// Publishes the demo programme as version 2 with `approvals`, and the managers list (M-1:
    /// PIN 4821 and the card `managerCard`), and waits until the terminal has both.
    static func setUp(
        _ terminal: TerminalHarness, _ server: BackOfficeProcess, approvals: String, managerCard: String? = nil
    ) async throws {
        let key = SyncEndToEndTests.documentKeyPath(terminal)
        let keyPath = terminal.directory + "/programme-key.json"
        try SyncEndToEndTests.demoSigningKeyFile().write(toFile: keyPath, atomically: true, encoding: .utf8)
        chmod(keyPath, 0o600)
        let path = terminal.directory + "/programme-approvals.json"
        let document = Programme.demoDocument
            .replacingOccurrences(of: #""version": 1"#, with: #""version": 2"#)
            .replacingOccurrences(of: #""format": 1,"#, with: #""format": 1, "approvals": \#(approvals),"#)
        try document.write(toFile: path, atomically: true, encoding: .utf8)
        let published = try await server.command(["publish", "programme", "--file", path, "--signing-key", keyPath, "--document-key", key])
        #expect(published.status == 0, "\(published.standardError)")
        let pinPath = terminal.directory + "/pin.txt"
        try "4821\n".write(toFile: pinPath, atomically: true, encoding: .utf8)
        chmod(pinPath, 0o600)
        let added = try await server.command(
            ["manager", "add", "--id", "M-1", "--name", "Lan", "--pin-file", pinPath, "--document-key", key]
                + (managerCard.map { ["--card", $0] } ?? []))
        #expect(added.status == 0, "\(added.standardError)")
        let listed = try await server.command(["manager", "list"])
        #expect(listed.standardOutput.contains("M-1") && !listed.standardOutput.contains("4821"), "\(listed.standardOutput)")
        let version = try await SyncEndToEndTests.eventually { () async throws -> Int? in
            let version = try await terminal.get("/health").body["programmeVersion"] as? Int
            let managers = FileManager.default.fileExists(atPath: terminal.directory + "/documents/managers.json")
            return version == 2 && managers ? version : nil
        }
        #expect(version == 2, "the programme with approvals or the managers list never reached the terminal")
    }

    static func adjustment(_ id: String, _ points: Int, approval: String? = nil) -> String {
        #"{"adjustmentId":"\#(id)","points":\#(points),"reason":"Coffee spilt","cashier":"C-07","waitSeconds":10"#
            + (approval.map { #","approval":\#($0)"# } ?? "") + "}"
    }

    static func code(_ reply: TerminalHarness.Reply) -> String? {
        (reply.body["refusal"] as? [String: Any])?["code"] as? String
    }

    static func text(_ reply: TerminalHarness.Reply) -> String { String(decoding: reply.data, as: UTF8.self) }

    @Test(
        "goodwill under the threshold needs no approval; above it a manager's PIN (a wrong one refused) or a manager card's token (a member's card refused, a token used once); the back office reports who approved"
    )
    func adjustmentsAndApprovals() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice { terminal, server, _ in
            let managerImage = terminal.issuer.personalise(
                Issuer.Member(
                    memberID: "M-MANAGER", issued: try CalendarDate(year: 2025, month: 1, day: 15),
                    expires: try CalendarDate(year: 2030, month: 12, day: 31), birthdayMonth: 1, birthdayDay: 2),
                uid: [0x08, 0x55, 0x66, 0x90])
            let managerCard = try #require(managerImage.record).record.cardKeyID.map { String(format: "%02X", $0) }.joined()
            try await Self.setUp(terminal, server, approvals: #"{"adjustmentPointsWithoutApproval": 500}"#, managerCard: managerCard)

            let small = try await terminal.post("/v1/adjustments", Self.adjustment("A-1", 200))
            #expect(small.status == 200 && small.body["balance"] as? Int == 200, "\(Self.text(small))")
            let missing = try await terminal.post("/v1/adjustments", Self.adjustment("A-2", 1_500))
            #expect(missing.status == 403 && Self.code(missing) == "approval-required", "\(Self.text(missing))")
            let wrong = try await terminal.post(
                "/v1/adjustments", Self.adjustment("A-2", 1_500, approval: #"{"manager":"M-1","pin":"1234"}"#))
            #expect(wrong.status == 403 && Self.code(wrong) == "wrong-pin", "\(Self.text(wrong))")
            let pin = try await terminal.post(
                "/v1/adjustments", Self.adjustment("A-2", 1_500, approval: #"{"manager":"M-1","pin":"4821"}"#))
            #expect(pin.status == 200 && pin.body["balance"] as? Int == 1_700, "\(Self.text(pin))")
            #expect(try terminal.cardBalance() == 1_700)

            // A member's card is not a manager's.
            let notManager = try await terminal.post("/v1/approvals", #"{"cashier":"C-07","waitSeconds":10}"#)
            #expect(notManager.status == 403 && Self.code(notManager) == "not-a-manager", "\(Self.text(notManager))")

            // The manager taps their card: a token for the next operation.
            let memberImage = try terminal.card.file.read()
            terminal.host.remove()
            try CardImageFile(path: terminal.card.file.path).write(managerImage)
            try await terminal.insertCard()
            let tapped = try await terminal.post("/v1/approvals", #"{"cashier":"C-07","waitSeconds":10}"#)
            let approval = tapped.body["approval"] as? [String: Any]
            let token = try #require(approval?["token"] as? String, "\(Self.text(tapped))")
            #expect(approval?["manager"] as? String == "M-1" && approval?["method"] as? String == "card")
            terminal.host.remove()
            try CardImageFile(path: terminal.card.file.path).write(memberImage)
            try await terminal.insertCard()
            let byCard = try await terminal.post("/v1/adjustments", Self.adjustment("A-3", -700, approval: #"{"token":"\#(token)"}"#))
            #expect(byCard.status == 200 && byCard.body["balance"] as? Int == 1_000, "\(Self.text(byCard))")
            let reused = try await terminal.post("/v1/adjustments", Self.adjustment("A-4", -700, approval: #"{"token":"\#(token)"}"#))
            #expect(reused.status == 403 && Self.code(reused) == "approval-token-invalid", "\(Self.text(reused))")

            let entries = try terminal.journalEntries().filter { $0["kind"] as? String == "adjustment" }
            #expect(entries.compactMap { $0["adjustedPoints"] as? Int } == [200, 1_500, -700])
            #expect(entries.map { ($0["approval"] as? [String: Any])?["method"] as? String } == [nil, "pin", "card"])
            #expect(entries.allSatisfy { $0["cashier"] as? String == "C-07" })

            let report = try await SyncEndToEndTests.eventually { () async throws -> String? in
                let result = try await server.command(["report", "approvals"])
                return result.standardOutput.contains("A-3") ? result.standardOutput : nil
            }
            let text = try #require(report, "the adjustments never reached the back office's report")
            #expect(text.contains("A-1") && text.contains("without approval"), "\(text)")
            #expect(text.contains("approved by M-1 (pin)") && text.contains("approved by M-1 (card)"), "\(text)")
        }
    }

    @Test("the last sale reversed within the programme's window gives every point back; not the last, or after the window, is refused")
    func reversals() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice { terminal, server, _ in
            try await Self.setUp(terminal, server, approvals: #"{"reversalWindowSeconds": 8}"#)
            func reverse(_ id: String, _ transaction: String) async throws -> TerminalHarness.Reply {
                try await terminal.post(
                    "/v1/reversals", #"{"reversalId":"\#(id)","transactionId":"\#(transaction)","reason":"Wrong bill","cashier":"C-07"}"#)
            }
            let first = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-1", 1_500_000))
            let before = try #require(first.body["balance"] as? Int, "\(Self.text(first))")
            let second = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-2", 2_500_000))
            #expect(second.status == 200 && (second.body["balance"] as? Int ?? 0) > before)
            let notLast = try await reverse("V-1", "S-1")
            #expect(notLast.status == 422 && Self.code(notLast) == "not-last-transaction", "\(Self.text(notLast))")
            let reversed = try await reverse("V-2", "S-2")
            #expect(reversed.status == 200 && reversed.body["balance"] as? Int == before, "\(Self.text(reversed))")
            #expect(try terminal.cardBalance() == Int64(before))
            let entry = try #require(try terminal.journalEntries().last)
            #expect(entry["kind"] as? String == "reversal")
            #expect((entry["reversed"] as? [String: Any])?["requestId"] as? String == "S-2")

            let third = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-3", 1_000_000))
            #expect(third.status == 200)
            try await Task.sleep(for: .seconds(9))
            let late = try await reverse("V-3", "S-3")
            #expect(late.status == 422 && Self.code(late) == "reversal-window-closed", "\(Self.text(late))")
        }
    }
}
