import Testing

@testable import PCSC

/// `61xx`: the exchange fetches the rest of the answer with GET RESPONSE and joins the pieces.
@Suite("APDUExchange GET RESPONSE chaining")
struct APDUExchangeChainingTests {
    static let select = try! CommandAPDU(
        cla: 0x00, ins: 0xA4, p1: 0x04, p2: 0x00, data: hex("A0 00 00 06 47 2F 00 01"), expectedLength: 256)

    @Test("9000 is passed through with one transmission")
    func passthrough() throws {
        let card = ScriptedCard([hex("6F 10 84 08 90 00")])
        let response = try APDUExchange.run(Self.select, transmit: card.transmit)
        #expect(response.data == hex("6F 10 84 08"))
        #expect(response.status == .success)
        #expect(card.sent == [Self.select.bytes])
    }

    @Test("an error status is returned as it is, without retry")
    func errorStatusPassthrough() throws {
        let card = ScriptedCard([hex("6A 82")])
        let response = try APDUExchange.run(Self.select, transmit: card.transmit)
        #expect(response.status == .fileNotFound)
        #expect(response.data.isEmpty)
        #expect(card.sent.count == 1)
    }

    @Test("61 10 is followed by GET RESPONSE 00 C0 00 00 10")
    func oneGetResponse() throws {
        let rest = (1...16).map { UInt8($0) }
        let card = ScriptedCard([hex("AA BB 61 10"), rest + [0x90, 0x00]])
        let response = try APDUExchange.run(Self.select, transmit: card.transmit)
        #expect(card.sent.count == 2)
        #expect(card.sent.first == Self.select.bytes)
        #expect(card.sent.last == hex("00 C0 00 00 10"))
        #expect(response.data == hex("AA BB") + rest)
        #expect(response.status == .success)
    }

    @Test(
        "GET RESPONSE keeps the command's logical channel; class FF goes to 00",
        arguments: [
            (UInt8(0x00), UInt8(0x00)), (0x01, 0x01), (0x03, 0x03), (0x80, 0x00), (0x83, 0x03), (0x0C, 0x00), (0x0D, 0x01), (0x45, 0x45),
            (0x4B, 0x4B), (0x69, 0x49), (0xFF, 0x00),
        ]
    )
    func getResponseClass(cla: UInt8, expectedCLA: UInt8) throws {
        let command = try CommandAPDU(cla: cla, ins: 0xCA, p1: 0, p2: 0, expectedLength: 256)
        let card = ScriptedCard([hex("61 04"), hex("01 02 03 04 90 00")])
        _ = try APDUExchange.run(command, transmit: card.transmit)
        #expect(card.sent.count == 2)
        #expect(card.sent.last == [expectedCLA, 0xC0, 0x00, 0x00, 0x04])
    }

    @Test("several 61xx rounds are concatenated in order")
    func severalRounds() throws {
        let card = ScriptedCard([
            hex("01 61 03"),
            hex("02 03 04 61 02"),
            hex("05 06 61 01"),
            hex("07 90 00"),
        ])
        let response = try APDUExchange.run(Self.select, transmit: card.transmit)
        #expect(response.data == [1, 2, 3, 4, 5, 6, 7])
        #expect(response.status == .success)
        #expect(Array(card.sent.dropFirst()) == [hex("00 C0 00 00 03"), hex("00 C0 00 00 02"), hex("00 C0 00 00 01")])
    }

    @Test("the final status of the chain is the one returned")
    func finalStatusOfChain() throws {
        let card = ScriptedCard([hex("61 02"), hex("01 02 62 82")])
        let response = try APDUExchange.run(Self.select, transmit: card.transmit)
        #expect(response.data == [1, 2])
        #expect(response.status == StatusWord(rawValue: 0x6282))
    }

    @Test("61 00 asks for 256 bytes (Le 00)")
    func sixtyOneZero() throws {
        let big = [UInt8](repeating: 0x5A, count: 256)
        let card = ScriptedCard([hex("61 00"), big + [0x90, 0x00]])
        let response = try APDUExchange.run(Self.select, transmit: card.transmit)
        #expect(card.sent.last == hex("00 C0 00 00 00"))
        #expect(response.data == big)
    }

    @Test("an answer of a few kilobytes in 256-byte pieces is fetched whole")
    func longChain() throws {
        let total = 20 * 256 + 17
        let answer = (0..<total).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var offset = 0
        let card = ScriptedCard { _ in
            let piece = Array(answer[offset..<min(offset + 256, total)])
            offset += piece.count
            let left = total - offset
            if left == 0 { return piece + [0x90, 0x00] }
            return piece + [0x61, left >= 256 ? 0x00 : UInt8(left)]
        }
        let response = try APDUExchange.run(Self.select, transmit: card.transmit)
        #expect(response.data == answer)
        #expect(response.status == .success)
        #expect(card.sent.count == 21)
    }
}
