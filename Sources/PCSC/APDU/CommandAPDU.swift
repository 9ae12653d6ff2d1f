/// A command to a card (ISO/IEC 7816-4): header, optional data, optional expected length.
///
/// Short encoding is used whenever it fits (data up to 255 bytes and Le up to 256);
/// otherwise the extended encoding (data up to 65 535 bytes, Le up to 65 536).
public struct CommandAPDU: Hashable, Sendable {
    public var cla: UInt8
    public var ins: UInt8
    public var p1: UInt8
    public var p2: UInt8
    /// The data field (`Lc` is its length).
    public var data: [UInt8]
    /// The number of response bytes expected (`Le`), or `nil` when none are expected.
    /// 256 (short) and 65 536 (extended) mean "as many as available" and encode as zeros.
    public var expectedLength: Int?

    /// Creates a command, checking the lengths an APDU can carry.
    public init(
        cla: UInt8, ins: UInt8, p1: UInt8, p2: UInt8,
        data: [UInt8] = [], expectedLength: Int? = nil
    ) throws(APDUError) {
        guard data.count <= 65_535 else { throw .commandDataTooLong(data.count) }
        if let le = expectedLength, !(1...65_536).contains(le) { throw .invalidExpectedLength(le) }
        self.cla = cla
        self.ins = ins
        self.p1 = p1
        self.p2 = p2
        self.data = data
        self.expectedLength = expectedLength
    }

    /// True when the command needs the extended length encoding.
    public var isExtended: Bool {
        data.count > 255 || (expectedLength ?? 0) > 256
    }

    /// The bytes sent to the card.
    public var bytes: [UInt8] {
        var out: [UInt8] = [cla, ins, p1, p2]
        out.reserveCapacity(4 + 3 + data.count + 3)
        if isExtended {
            if !data.isEmpty {
                out += [0x00, UInt8(data.count >> 8), UInt8(data.count & 0xFF)]
                out += data
            }
            if let le = expectedLength {
                let encoded = le == 65_536 ? 0 : le
                // With a data field Lc already carries the extended marker; Le is two bytes.
                if data.isEmpty { out.append(0x00) }
                out += [UInt8(encoded >> 8), UInt8(encoded & 0xFF)]
            }
        } else {
            if !data.isEmpty {
                out.append(UInt8(data.count))
                out += data
            }
            if let le = expectedLength {
                out.append(le == 256 ? 0 : UInt8(le))
            }
        }
        return out
    }

    /// The same command with another expected length (used to answer `6Cxx`).
    func withExpectedLength(_ le: Int) -> CommandAPDU {
        var copy = self
        copy.expectedLength = le
        return copy
    }
}

extension CommandAPDU {
    /// GET RESPONSE (`00 C0 00 00 Le`), which fetches the rest of an answer after `61xx`.
    static func getResponse(cla: UInt8, length: Int) -> CommandAPDU {
        // Length comes from SW2 (1...256): always valid.
        try! CommandAPDU(cla: cla, ins: 0xC0, p1: 0, p2: 0, expectedLength: length)
    }

    /// The PC/SC pseudo-APDU that asks a contactless reader for the card's UID (`FF CA 00 00 00`).
    public static let getUID = try! CommandAPDU(cla: 0xFF, ins: 0xCA, p1: 0, p2: 0, expectedLength: 256)
}
