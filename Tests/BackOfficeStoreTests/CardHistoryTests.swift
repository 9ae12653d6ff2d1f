import Testing

@testable import BackOfficeReports

/// What the synced journals say about a lost card, for its replacement's settlement.
@Suite("Card history")
struct CardHistoryTests {
    static let card = "A1B2C3D4E5F60718"

    /// A sale of the card at `terminal`, continuing the state `previous` wrote, with receipt lines
    /// `(rule, points)`.
    static func sale(
        _ terminal: UInt32, after previous: (UInt32, UInt64)?, carrying: [UInt64] = [], lines: [(String, Int)] = [("earning", 10)]
    ) -> [UInt8] {
        let net = lines.reduce(0) { $0 + $1.1 }
        let text = lines.map { #"{"points":\#($0.1),"rule":"\#($0.0)","text":"\#($0.0)"}"# }.joined(separator: ",")
        let write = previous.map { #""previousWrite":{"sequence":\#($0.1),"terminalId":\#($0.0)},"# } ?? ""
        return Array(
            (#"{"answer":{"kind":"sale","lines":[\#(text)],"outcome":"completed","points":{"bonus":0,"earned":\#(net),"expired":0,"net":\#(net),"#
                + #""redeemed":0,"returned":0,"takenBack":0,"writtenOff":0},"replayed":false},"card":"\#(card)","carriedForward":\#(carrying),"#
                + #""confirmed":[],"format":1,"kind":"sale","member":"M-K",\#(write)"requestId":"S-\#(terminal)","terminalId":\#(terminal),"#
                + #""time":1790812800,"trust":"member-card"}"#).utf8)
    }

    @Test("a lost card's tap the notice does not carry is found, the adjustments it applied kept apart from its own points")
    func lateTapAdjustments() throws {
        var history = CardHistory(cards: [Self.card])
        history.add(terminal: 1, sequence: 1, payload: Self.sale(1, after: nil, lines: [("earning", 100)]))
        history.add(terminal: 2, sequence: 1, payload: Self.sale(2, after: (1, 1), lines: [("adjustment", 4), ("earning", 24)]))
        let late = try #require(history.notIncluded(in: CardHistory.Write(terminal: 1, sequence: 1), of: Self.card))
        #expect(late.map { "\($0.terminal)#\($0.sequence)" } == ["2#1"])
        #expect(late.first?.net == 28 && late.first?.adjustments == 4)
        #expect(history.transactions[Self.card]?.first?.adjustments == 0)
        #expect(history.notIncluded(in: CardHistory.Write(terminal: 2, sequence: 1), of: Self.card)?.isEmpty == true)
    }

    @Test("what a state includes cannot be told while a transaction it continues is not synced; what it carried forward is included")
    func gapsAndCarriedForward() throws {
        var history = CardHistory(cards: [Self.card])
        history.add(terminal: 1, sequence: 1, payload: Self.sale(1, after: nil))
        // 2#1 continues 1#1 but is not synced yet (terminal 2 cut off); 1#2 continues 2#1.
        history.add(terminal: 1, sequence: 2, payload: Self.sale(1, after: (2, 1)))
        #expect(history.notIncluded(in: CardHistory.Write(terminal: 1, sequence: 2), of: Self.card) == nil)
        history.add(terminal: 2, sequence: 1, payload: Self.sale(2, after: (1, 1)))
        #expect(history.notIncluded(in: CardHistory.Write(terminal: 1, sequence: 2), of: Self.card)?.isEmpty == true)
        // 3#1 left in doubt; 3#2 written on the card's state 1#2, carrying 3#1 forward: both included.
        history.add(terminal: 3, sequence: 1, payload: Self.sale(3, after: (1, 2)))
        history.add(terminal: 3, sequence: 2, payload: Self.sale(3, after: (1, 2), carrying: [1]))
        #expect(history.notIncluded(in: CardHistory.Write(terminal: 3, sequence: 2), of: Self.card)?.isEmpty == true)
        #expect(history.notIncluded(in: CardHistory.Write(terminal: 1, sequence: 2), of: Self.card)?.map(\.terminal) == [3, 3])
    }
}
