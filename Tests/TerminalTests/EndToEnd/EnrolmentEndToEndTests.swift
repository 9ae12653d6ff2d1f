import CardProfile
import Foundation
import StoreProcesses
import Testing

/// Enrolment at the till through the real stack: the terminal process with an enrolment key,
/// pcscd, vpcd and a blank virtual card, a back office process over HTTPS.
@Suite("Enrolment at the till end to end", .serialized)
struct EnrolmentEndToEndTests {
    static func enrolment(_ id: String, phone: String, consents: String = #"["programme","marketing-sms"]"#, referrer: String? = nil)
        -> String
    {
        let referred = referrer.map { #","referrer":"\#($0)""# } ?? ""
        return
            #"{"enrolmentId":"\#(id)","phone":"\#(phone)","birthday":{"month":3,"day":14},"language":"ms","consents":\#(consents)\#(referred),"waitSeconds":10}"#
    }

    /// Puts a fresh blank card on the reader.
    static func blankCard(_ terminal: TerminalHarness, uid: [UInt8]) async throws {
        terminal.host.remove()
        try CardImageFile(path: terminal.card.file.path).write(CardImage.blank(uid: uid))
        try await terminal.insertCard()
    }

    @Test(
        "a blank card tapped at the till becomes a member's card: new member id, first state, accepted for a sale; the back office learns the member by sync; bad input is refused with its reason and leaves the card blank"
    )
    func enrolAtTheTill() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice { terminal, server, _ in
            // Bad input first: nothing journaled, nothing asked of the card.
            let noConsent = try await terminal.post(
                "/v1/enrolments", Self.enrolment("EN-0", phone: "+60123450000", consents: #"["marketing-sms"]"#))
            #expect(noConsent.status == 400, "\(String(decoding: noConsent.data, as: UTF8.self))")
            #expect(String(decoding: noConsent.data, as: UTF8.self).contains("consents"))
            let personalised = try await terminal.post("/v1/enrolments", Self.enrolment("EN-P", phone: "+60123450001"))
            #expect(
                (personalised.body["refusal"] as? [String: Any])?["code"] as? String == "not-blank",
                "\(String(decoding: personalised.data, as: UTF8.self))")

            try await Self.blankCard(terminal, uid: [0x08, 0x11, 0x22, 0x31])
            let enrolled = try await terminal.post("/v1/enrolments", Self.enrolment("EN-1", phone: "+60 12-345 6789"))
            #expect(enrolled.status == 200, "\(String(decoding: enrolled.data, as: UTF8.self))")
            let member = try #require(enrolled.body["memberId"] as? String)
            #expect(member == "E7-1")
            let card = try terminal.card.file.read()
            #expect(card.record?.record.memberID == member && card.envelope != nil, "the card is whole: record and first state")
            let again = try await terminal.post("/v1/enrolments", Self.enrolment("EN-1", phone: "+60 12-345 6789"))
            #expect(again.body["memberId"] as? String == member && again.body["replayed"] as? Bool == true)

            let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-1", 500_000))
            #expect(sale.status == 200 && sale.body["memberId"] as? String == member, "\(String(decoding: sale.data, as: UTF8.self))")

            // The back office learns the member by sync, details kept apart: found by phone.
            // (Until the sale is synced too, the back office holds the enrolment's first state.)
            let afterSale = try #require(sale.body["balance"] as? Int)
            var byPhone: Int?
            for _ in 0..<30 where byPhone != afterSale {
                let answer = try await terminal.post("/v1/balance", #"{"member":{"phone":"+60123456789"}}"#)
                byPhone = answer.body["balance"] as? Int
                if byPhone != afterSale { try await Task.sleep(for: .milliseconds(500)) }
            }
            #expect(byPhone == afterSale)

            // The same phone again is refused; an unknown referrer is refused (online).
            try await Self.blankCard(terminal, uid: [0x08, 0x11, 0x22, 0x32])
            let samePhone = try await terminal.post("/v1/enrolments", Self.enrolment("EN-2", phone: "+60123456789"))
            #expect((samePhone.body["refusal"] as? [String: Any])?["code"] as? String == "phone-enrolled")
            let unknownReferrer = try await terminal.post(
                "/v1/enrolments", Self.enrolment("EN-3", phone: "+60199999999", referrer: "E9-404"))
            #expect((unknownReferrer.body["refusal"] as? [String: Any])?["code"] as? String == "referral-refused")
            #expect(try terminal.card.file.read().record == nil, "the refused enrolments left the card blank")

            // A referred member: the record carries the referrer; the first sale rewards both.
            let referred = try await terminal.post("/v1/enrolments", Self.enrolment("EN-4", phone: "+60188888888", referrer: member))
            #expect(referred.status == 200, "\(String(decoding: referred.data, as: UTF8.self))")
            #expect(try terminal.card.file.read().record?.record.referrerID == member)
            let first = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-2", 2_000_000))
            let lines = (first.body["lines"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
            #expect(lines.contains("referral"), "\(String(decoding: first.data, as: UTF8.self))")
            let entries = try terminal.journalEntries()
            #expect(entries.filter { $0["kind"] as? String == "enrolment" }.count == 2)
            #expect((entries.last?["referrerReward"] as? [String: Any])?["referrerId"] as? String == member)

            // The terminal is revoked (stolen): the members it enrolled that the back office holds
            // stay members, anything it would number higher is refused (the honoured number).
            let synced = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
                let list = try await server.command(["terminal", "list"])
                return list.standardOutput.contains("\t\(entries.count)\t") ? true : nil
            }
            #expect(synced == true, "the enrolments did not reach the back office")
            let revoked = try await server.command([
                "terminal", "revoke", "7", "--reason", "stolen", "--document-key", SyncEndToEndTests.documentKeyPath(terminal),
            ])
            #expect(revoked.status == 0, "\(revoked.standardError)")
            let list = try await server.command(["terminal", "list"])
            #expect(list.standardOutput.contains("its members honoured up to E7-2"), "\(list.standardOutput)")
        }
    }

    @Test(
        "the blank card pulled at each APDU of an enrolment (SELECT, PERSONALISE, AUTHENTICATE, WRITE STATE) and put back: one member, the card whole, the journal agrees",
        arguments: 1...4)
    func pulledAtEachCommand(_ command: Int) async throws {
        try await CheckoutEndToEndTests.withTerminal { terminal in
            terminal.host.remove()
            try CardImageFile(path: terminal.card.file.path).write(CardImage.blank(uid: [0x08, 0x11, 0x22, 0x40]))
            terminal.host.pullDuringCommand(number: terminal.host.commandCount + command)
            try await terminal.insertCard()
            async let reply = terminal.post(
                "/v1/enrolments",
                Self.enrolment("EN-1", phone: "+60123456789").replacingOccurrences(of: #""waitSeconds":10"#, with: #""waitSeconds":20"#))
            try await terminal.waitUntilPulled()
            try await terminal.insertCard()
            let answer = try await reply
            #expect(answer.status == 200, "\(String(decoding: answer.data, as: UTF8.self))")
            let card = try terminal.card.file.read()
            #expect(card.record?.record.memberID == answer.body["memberId"] as? String && card.envelope != nil, "the card is whole")
            let kinds = try terminal.journalKinds()
            // A card that stayed blank voids its first enrolment; the second makes the member.
            #expect(kinds == ["enrolment"] || kinds == ["enrolment", "void", "enrolment"], "\(kinds)")
            let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-1", 500_000))
            #expect(sale.status == 200 && sale.body["memberId"] as? String == answer.body["memberId"] as? String)
        }
    }
}
