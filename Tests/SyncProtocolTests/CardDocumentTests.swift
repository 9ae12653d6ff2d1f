import SyncProtocol
import Testing

@Suite("Blocked cards and replacement notices")
struct CardDocumentTests {
    static let lost = "0011223344556677"
    static let new = "8899AABBCCDDEEFF"

    @Test("a block list of members only encodes exactly as before cards could be blocked; cards round-trip and travel as deltas")
    func blockedCards() throws {
        let members = BlockListDocument(blocked: ["M-1"])
        #expect(String(decoding: try members.encoded(), as: UTF8.self) == #"{"blocked":["M-1"]}"#)
        let withCard = BlockListDocument(blocked: ["M-1"], cards: [Self.lost, Self.lost])
        #expect(String(decoding: try withCard.encoded(), as: UTF8.self) == #"{"blocked":["M-1"],"cards":["0011223344556677"]}"#)
        #expect(try BlockListDocument.decode(try withCard.encoded()) == withCard)
        let change = try DocumentKind.blockList.change(from: try members.encoded(), to: try withCard.encoded())
        #expect(String(decoding: change, as: UTF8.self) == #"{"added":[],"cardsAdded":["0011223344556677"],"removed":[]}"#)
        let applied = try DocumentKind.blockList.apply(change: change, to: try members.encoded())
        #expect(applied == (try withCard.encoded()))
        #expect(DocumentKind.blockList.summary(ofChange: change).contains("1 cards blocked"))
    }

    @Test("a card key id that is not 16 upper-case hex digits is refused; the command line's forms are normalised")
    func cardKeyIDs() {
        #expect(throws: PublishedDocumentError.self) { try BlockListDocument.decode(Array(#"{"blocked":[],"cards":["0011"]}"#.utf8)) }
        #expect(throws: PublishedDocumentError.self) {
            try BlockListDocument.decode(Array(#"{"blocked":[],"cards":["00112233445566zz"]}"#.utf8))
        }
        #expect(CardKeyID.normalised("00:11:22:33:44:55:66:aa") == "00112233445566AA")
        #expect(CardKeyID.normalised("0011") == nil)
    }

    @Test("replacement notices are added, never withdrawn or changed, and a card replacing itself or listed twice is refused")
    func notices() throws {
        let notice = ReplacementNoticesDocument.Notice(
            card: Self.new, member: "M-1", replaces: Self.lost, state: "AQA=", basedOn: .init(terminalId: 7, sequence: 3), issuedAt: 1)
        let one = ReplacementNoticesDocument(notices: [notice])
        let change = try DocumentKind.replacements.change(from: nil, to: try one.encoded())
        #expect(try DocumentKind.replacements.apply(change: change, to: nil) == (try one.encoded()))
        #expect(one.byCard[Self.new]?.replaces == Self.lost)
        var altered = notice
        altered.state = "AQE="
        #expect(throws: PublishedDocumentError.self) {
            _ = try DocumentKind.replacements.change(
                from: try one.encoded(), to: try ReplacementNoticesDocument(notices: [altered]).encoded())
        }
        #expect(throws: PublishedDocumentError.self) {
            _ = try DocumentKind.replacements.change(from: try one.encoded(), to: try ReplacementNoticesDocument.empty.encoded())
        }
        var itself = notice
        itself.replaces = Self.new
        #expect(ReplacementNoticesDocument(notices: [itself]).problems.contains { $0.contains("cannot replace itself") })
        #expect(ReplacementNoticesDocument(notices: [notice, altered]).problems.contains { $0.contains("listed twice") })
    }
}
