import Testing

@testable import PCSC

/// `6Cxx`: the exchange re-sends the same command with the Le the card asked for, once.
@Suite("APDUExchange 6Cxx handling")
struct APDUExchangeWrongLengthTests {
    static let readBinary = try! CommandAPDU(cla: 0x00, ins: 0xB0, p1: 0x00, p2: 0x00, expectedLength: 256)

    @Test("6C 20 re-sends the same command with Le 20")
    func resendWithLe() throws {
        let content = [UInt8](repeating: 0xC3, count: 0x20)
        let card = ScriptedCard([hex("6C 20"), content + [0x90, 0x00]])
        let response = try APDUExchange.run(Self.readBinary, transmit: card.transmit)
        #expect(card.sent == [hex("00 B0 00 00 00"), hex("00 B0 00 00 20")])
        #expect(response.data == content)
        #expect(response.status == .success)
    }

    @Test("the re-sent command keeps its class, header and data")
    func resendKeepsCommand() throws {
        let command = try CommandAPDU(cla: 0x81, ins: 0xCA, p1: 0x9F, p2: 0x7F, data: [0x01, 0x02], expectedLength: 256)
        let card = ScriptedCard([hex("6C 05"), hex("01 02 03 04 05 90 00")])
        _ = try APDUExchange.run(command, transmit: card.transmit)
        #expect(card.sent.last == hex("81 CA 9F 7F 02 01 02 05"))
    }

    @Test("6C 00 re-sends with Le 256 (00)")
    func sixCZero() throws {
        let command = try CommandAPDU(cla: 0x00, ins: 0xB0, p1: 0, p2: 0, expectedLength: 16)
        let card = ScriptedCard([hex("6C 00"), [UInt8](repeating: 0, count: 256) + [0x90, 0x00]])
        _ = try APDUExchange.run(command, transmit: card.transmit)
        #expect(card.sent.last == hex("00 B0 00 00 00"))
    }

    @Test("a second 6Cxx is an error, not a loop")
    func repeatedWrongLength() throws {
        let card = ScriptedCard([hex("6C 20"), hex("6C 10"), hex("90 00")])
        #expect(throws: APDUError.repeatedWrongLength(StatusWord(rawValue: 0x6C10))) {
            try APDUExchange.run(Self.readBinary, transmit: card.transmit)
        }
        #expect(card.sent.count == 2)
    }

    @Test("6Cxx then 61xx: the re-sent command's answer is chained")
    func wrongLengthThenChain() throws {
        let card = ScriptedCard([hex("6C 04"), hex("01 02 61 02"), hex("03 04 90 00")])
        let response = try APDUExchange.run(Self.readBinary, transmit: card.transmit)
        #expect(response.data == [1, 2, 3, 4])
        #expect(card.sent == [hex("00 B0 00 00 00"), hex("00 B0 00 00 04"), hex("00 C0 00 00 02")])
    }
}
