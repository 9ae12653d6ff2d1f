/// The messages of the `vsmartcard-vpcd` reader driver's TCP protocol, card side.
///
/// Every message, both ways, is a 2-byte big-endian length and that many bytes. From the
/// reader, a 1-byte message is a control code; anything longer is a command APDU, answered
/// with one message holding the response APDU. The card connects to the driver (port 35963
/// for the first virtual reader, one more for each next one); while connected it is in the
/// reader, and closing the connection removes it.
enum VPCDMessage: Equatable {
    case powerOff
    case powerOn
    case reset
    case getATR
    case apdu([UInt8])
    case unknownControl(UInt8)

    init(payload: [UInt8]) {
        guard payload.count == 1 else {
            self = .apdu(payload)
            return
        }
        switch payload[0] {
        case 0x00: self = .powerOff
        case 0x01: self = .powerOn
        case 0x02: self = .reset
        case 0x04: self = .getATR
        default: self = .unknownControl(payload[0])
        }
    }

    /// Frames `payload` for the wire: length, then the bytes, in one buffer (one `send`).
    static func frame(_ payload: [UInt8]) -> [UInt8] {
        [UInt8(payload.count >> 8 & 0xFF), UInt8(payload.count & 0xFF)] + payload
    }
}
