import Foundation
import StoreProcesses
import Testing

/// An attacker between a running terminal and its back office, each attack on its own: the
/// back office is real and untouched (everything it sends is genuine and signed), the proxy
/// changes what reaches the terminal, on the wire, knowing only the published protocol
/// (docs/sync-protocol.md, "Download"). Every attempt must be refused with its reason recorded
/// (`/health`, `/metrics`, `documents/refusals.json`, the log), change nothing in force (the
/// blocked card stays blocked, no bonus is paid, the programme stays), and leave the terminal
/// serving. Once the attacker stops, the genuine version applies: the channel itself works.
@Suite("An attacker in the middle of the terminal and its back office", .serialized)
struct AttackerInTheMiddleTests {
    static let blockList = "/v1/documents/block-list"
    static let bonuses = "/v1/documents/bonuses"
    static let programme = "/v1/documents/programme"
    /// A member the back office blocks besides the attacked one.
    static let thirdMember = "M-E2E-3"

    @Test("a block-list delta rewritten in transit to unblock the card is refused as bad-signature; the card stays blocked")
    func rewrittenDelta() async throws {
        try await AttackedTerminal.run { stack in
            try await stack.publishBlockList([AttackedTerminal.member])
            #expect(try await stack.health("blockedMembers", becomes: 1) == 1, "the genuine block list was not applied")
            try await stack.expectMemberBlocked("S-1")

            // The back office blocks one more member; the attacker turns that delta into one that
            // also lifts the block on the member, with the state digest of the list that results.
            stack.proxy.rewriteResponses(path: Self.blockList) { _, response in
                DocumentForgery.forgingDocuments(response) { document, body in
                    guard (document["base"] as? Int ?? 0) != 0 else { return }
                    let added = (body["added"] as? [String] ?? []).filter { $0 != AttackedTerminal.member }
                    let removed = ((body["removed"] as? [String] ?? []) + [AttackedTerminal.member]).sorted()
                    DocumentForgery.replace(
                        body: ["added": added, "removed": removed], whole: ["blocked": [Self.thirdMember]], in: &document)
                }
            }
            try await stack.publishBlockList([AttackedTerminal.member, Self.thirdMember])
            try await stack.expectRefused("block-list", "bad-signature")
            stack.expectTampered(Self.blockList)
            #expect(try await stack.terminal.get("/health").body["blockedMembers"] as? Int == 1)
            try await stack.expectMemberBlocked("S-2")
            try await stack.expectServing("S-OTHER-1")

            stack.proxy.rewriteResponses(path: Self.blockList, nil)
            #expect(try await stack.health("blockedMembers", becomes: 2) == 2, "the genuine delta did not apply once let through")
            try await stack.expectMemberBlocked("S-3")
        }
    }

    @Test("a bonus grant injected into the signed bonuses is refused as bad-signature; the member's tap pays no bonus")
    func injectedBonus() async throws {
        try await AttackedTerminal.run { stack in
            // The back office grants the other member a review bonus; the attacker adds one for
            // the member to every bonuses document on its way.
            stack.proxy.rewriteResponses(path: Self.bonuses) { _, response in
                DocumentForgery.forgingDocuments(response) { document, body in
                    let injected: [String: Any] = ["kind": "review", "member": AttackedTerminal.member, "sequence": 1]
                    if (document["base"] as? Int ?? 0) == 0 {
                        let grants = [injected] + (body["grants"] as? [[String: Any]] ?? [])
                        let whole: [String: Any] = [
                            "grants": grants.sorted { ($0["member"] as? String ?? "") < ($1["member"] as? String ?? "") }
                        ]
                        DocumentForgery.replace(body: whole, whole: whole, in: &document)
                    } else {
                        var changed = body
                        changed["added"] = [injected] + (body["added"] as? [[String: Any]] ?? [])
                        DocumentForgery.replace(body: changed, whole: changed, in: &document)
                    }
                }
            }
            try await stack.publishBonuses(for: [AttackedTerminal.otherMember])
            try await stack.expectRefused("bonuses", "bad-signature")
            stack.expectTampered(Self.bonuses)
            let tap = try await stack.sale("S-1")
            #expect(tap.status == 200, "\(String(decoding: tap.data, as: UTF8.self))")
            #expect(SyncEndToEndTests.points(of: "event", in: tap) == nil, "a bonus was paid: \(String(decoding: tap.data, as: UTF8.self))")
            let other = try await stack.saleWithOtherCard("S-OTHER-1")
            #expect(other.status == 200, "\(String(decoding: other.data, as: UTF8.self))")
            #expect(SyncEndToEndTests.points(of: "event", in: other) == nil, "the refused bonuses were applied")

            // Let through, the genuine grant applies: the other member is paid, the member is not.
            stack.proxy.rewriteResponses(path: Self.bonuses, nil)
            let kept = try await SyncEndToEndTests.eventually { () -> Bool? in
                FileManager.default.fileExists(atPath: stack.terminal.directory + "/documents/bonuses.signed") ? true : nil
            }
            #expect(kept == true, "the genuine bonuses did not apply once let through")
            let paid = try await stack.saleWithOtherCard("S-OTHER-2")
            #expect(SyncEndToEndTests.points(of: "event", in: paid) == 10, "\(String(decoding: paid.data, as: UTF8.self))")
            let again = try await stack.sale("S-2")
            #expect(SyncEndToEndTests.points(of: "event", in: again) == nil, "\(String(decoding: again.data, as: UTF8.self))")
        }
    }

    @Test("an older programme version replayed from a recorded answer is refused as rollback; the newer programme stays in force")
    func replayedOlderProgramme() async throws {
        try await AttackedTerminal.run { stack in
            try await stack.publishProgramme(version: 2, visitPoints: 7)
            #expect(try await stack.health("programmeVersion", becomes: 2) == 2, "programme version 2 was not applied")
            let recorded = try #require(
                stack.proxy.exchanges(path: Self.programme).last { $0.delivered?.status == 200 }?.delivered,
                "the attacker recorded no programme answer")
            try await stack.publishProgramme(version: 3, visitPoints: 9)
            #expect(try await stack.health("programmeVersion", becomes: 3) == 3, "programme version 3 was not applied")

            // The attacker answers every programme request with the recorded version 2.
            stack.proxy.rewriteResponses(path: Self.programme) { _, _ in recorded }
            try await stack.expectRefused("programme", "rollback")
            stack.expectTampered(Self.programme)
            #expect(try await stack.terminal.get("/health").body["programmeVersion"] as? Int == 3)
            let tap = try await stack.sale("S-1")
            #expect(SyncEndToEndTests.points(of: "visit", in: tap) == 9, "\(String(decoding: tap.data, as: UTF8.self))")
            try await stack.expectServing("S-OTHER-1")
        }
    }

    @Test("an earlier signed answer replayed (the block list before the card was blocked) is refused as rollback; the card stays blocked")
    func replayedSignedResponse() async throws {
        try await AttackedTerminal.run { stack in
            try await stack.publishBlockList([Self.thirdMember])
            #expect(try await stack.health("blockedMembers", becomes: 1) == 1, "block list version 1 was not applied")
            let recorded = try #require(
                stack.proxy.exchanges(path: Self.blockList).last { $0.delivered?.status == 200 }?.delivered,
                "the attacker recorded no block-list answer")
            try await stack.publishBlockList([Self.thirdMember, AttackedTerminal.member])
            #expect(try await stack.health("blockedMembers", becomes: 2) == 2, "block list version 2 was not applied")
            try await stack.expectMemberBlocked("S-1")

            // The attacker answers every block-list request with the answer it recorded: genuine,
            // signed by the back office, from before the card was blocked.
            stack.proxy.rewriteResponses(path: Self.blockList) { _, _ in recorded }
            try await stack.expectRefused("block-list", "rollback")
            stack.expectTampered(Self.blockList)
            #expect(try await stack.terminal.get("/health").body["blockedMembers"] as? Int == 2)
            try await stack.expectMemberBlocked("S-2")
            try await stack.expectServing("S-OTHER-1")
        }
    }

    @Test("a truncated delta is refused (the answer cut: malformed; the delta inside cut: bad-signature); the card stays blocked")
    func truncatedDelta() async throws {
        try await AttackedTerminal.run { stack in
            try await stack.publishBlockList([AttackedTerminal.member])
            #expect(try await stack.health("blockedMembers", becomes: 1) == 1, "the genuine block list was not applied")

            // The answer carrying the next delta, cut in half (its length saying so).
            stack.proxy.rewriteResponses(path: Self.blockList) { _, response in DocumentForgery.truncating(response, to: 0.5) }
            try await stack.publishBlockList([AttackedTerminal.member, Self.thirdMember])
            try await stack.expectRefused("block-list", "malformed")
            stack.expectTampered(Self.blockList)
            #expect(try await stack.terminal.get("/health").body["blockedMembers"] as? Int == 1)
            try await stack.expectMemberBlocked("S-1")

            // The answer whole, but the delta's own bytes cut in half.
            stack.proxy.rewriteResponses(path: Self.blockList) { _, response in
                DocumentForgery.forgingDocuments(response) { document, _ in
                    guard let text = document["body"] as? String, let bytes = Data(base64Encoded: text) else { return }
                    document["body"] = bytes.prefix(bytes.count / 2).base64EncodedString()
                }
            }
            try await stack.expectRefused("block-list", "bad-signature")
            #expect(try await stack.terminal.get("/health").body["blockedMembers"] as? Int == 1)
            try await stack.expectMemberBlocked("S-2")
            try await stack.expectServing("S-OTHER-1")

            stack.proxy.rewriteResponses(path: Self.blockList, nil)
            #expect(try await stack.health("blockedMembers", becomes: 2) == 2, "the genuine delta did not apply once let through")
        }
    }
}
