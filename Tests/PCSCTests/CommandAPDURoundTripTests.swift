import Testing

@testable import PCSC

/// Every combination of data length and Le, decoded back by an independent ISO 7816-4 parser.
@Suite("CommandAPDU round trip")
struct CommandAPDURoundTripTests {
    struct Decoded: Equatable {
        var header: [UInt8]
        var data: [UInt8]
        var le: Int?
        var extended: Bool
    }

    /// Reads a command the way a card does (ISO/IEC 7816-3 12.1.3); `nil` when malformed.
    static func decode(_ bytes: [UInt8]) -> Decoded? {
        guard bytes.count >= 4 else { return nil }
        let header = Array(bytes[0..<4])
        let body = Array(bytes[4...])
        if body.isEmpty { return Decoded(header: header, data: [], le: nil, extended: false) }
        if body.count == 1 { return Decoded(header: header, data: [], le: body[0] == 0 ? 256 : Int(body[0]), extended: false) }
        if body[0] != 0 {
            let lc = Int(body[0])
            if body.count == 1 + lc { return Decoded(header: header, data: Array(body[1...]), le: nil, extended: false) }
            if body.count == 2 + lc {
                return Decoded(header: header, data: Array(body[1...lc]), le: body.last! == 0 ? 256 : Int(body.last!), extended: false)
            }
            return nil
        }
        guard body.count >= 3 else { return nil }
        let n = Int(body[1]) << 8 | Int(body[2])
        if body.count == 3 { return Decoded(header: header, data: [], le: n == 0 ? 65_536 : n, extended: true) }
        guard n > 0 else { return nil }
        if body.count == 3 + n { return Decoded(header: header, data: Array(body[3...]), le: nil, extended: true) }
        if body.count == 5 + n {
            let le = Int(body[3 + n]) << 8 | Int(body[4 + n])
            return Decoded(header: header, data: Array(body[3..<(3 + n)]), le: le == 0 ? 65_536 : le, extended: true)
        }
        return nil
    }

    static let dataLengths = [0, 1, 255, 256, 4_096, 65_535]
    static let expectedLengths: [Int?] = [nil, 1, 255, 256, 257, 65_535, 65_536]

    @Test("encoding decodes back to the same command", arguments: dataLengths, expectedLengths)
    func roundTrip(dataLength: Int, le: Int?) throws {
        let data = (0..<dataLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        let command = try CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x9F, p2: 0x7F, data: data, expectedLength: le)
        let decoded = try #require(Self.decode(command.bytes))
        #expect(decoded.header == [0x80, 0xCA, 0x9F, 0x7F])
        #expect(decoded.data == data)
        #expect(decoded.le == le)
        // Short whenever it fits, extended only when it must.
        let mustBeExtended = dataLength > 255 || (le ?? 0) > 256
        #expect(decoded.extended == mustBeExtended)
        #expect(command.isExtended == mustBeExtended)
    }
}
