import SyncProtocol
import Testing

@Suite("Published document bodies")
struct PublishedDocumentTests {
    @Test("a block list and a revoked-terminals list round-trip, sorted and without repeats")
    func lists() throws {
        let list = BlockListDocument(blocked: ["M-2", "M-1", "M-2"])
        #expect(list.blocked == ["M-1", "M-2"])
        #expect(String(decoding: try list.encoded(), as: UTF8.self) == #"{"blocked":["M-1","M-2"]}"#)
        #expect(try BlockListDocument.decode(try list.encoded()) == list)
        let revoked = RevokedTerminalsDocument(revoked: [9, 3, 9])
        #expect(try RevokedTerminalsDocument.decode(Array(#"{"revoked":[3,9]}"#.utf8)) == revoked)
    }

    @Test("grants are grouped by member in sequence order")
    func grants() throws {
        let body =
            #"{"grants":[{"member":"M-1","sequence":2,"kind":"share"},{"member":"M-2","sequence":1,"kind":"review"},{"member":"M-1","sequence":1,"kind":"newsletter"}]}"#
        let document = try BonusGrantsDocument.decode(Array(body.utf8))
        #expect(document.byMember["M-1"]?.map(\.kind) == ["newsletter", "share"])
        #expect(document.byMember["M-2"]?.map(\.sequence) == [1])
    }

    @Test(
        "bad documents are refused with every problem named",
        arguments: [
            (#"{"grants":[{"member":"M-1","sequence":1,"kind":"review"},{"member":"M-1","sequence":1,"kind":"share"}]}"#, "listed twice"),
            (#"{"grants":[{"member":"M-1","sequence":0,"kind":"review"}]}"#, "start at 1"),
            (#"{"grants":[{"member":"","sequence":1,"kind":"review"}]}"#, "without a member"),
            (#"{"grants":[{"member":"M-1","sequence":1,"kind":""}]}"#, "has no kind"),
            (#"{"grants":[{"member":"M-1","sequence":-1,"kind":"review"}]}"#, "not the expected JSON"),
            (#"{"grants":{"M-1":[]}}"#, "not the expected JSON"),
            ("not json", "not the expected JSON"),
            (#"{"grants":[{"member":"M-1","member":"M-2","sequence":1,"kind":"review"}]}"#, "grants[0].member appears twice"),
        ])
    func refused(body: String, problem: String) {
        #expect {
            _ = try BonusGrantsDocument.decode(Array(body.utf8))
        } throws: { error in
            "\(error)".contains(problem)
        }
    }

    @Test("a block list with an empty member id is refused")
    func emptyMember() {
        #expect(throws: PublishedDocumentError.self) { try BlockListDocument.decode(Array(#"{"blocked":["M-1",""]}"#.utf8)) }
    }
}
