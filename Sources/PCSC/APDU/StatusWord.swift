/// The two status bytes (SW1 SW2) that end every card answer, with their ISO 7816-4 meaning.
public struct StatusWord: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(sw1: UInt8, sw2: UInt8) { rawValue = UInt16(sw1) << 8 | UInt16(sw2) }

    public var sw1: UInt8 { UInt8(rawValue >> 8) }
    public var sw2: UInt8 { UInt8(rawValue & 0xFF) }

    /// `9000`: normal processing.
    public static let success = StatusWord(rawValue: 0x9000)
    /// `6700`: wrong length.
    public static let wrongLength = StatusWord(rawValue: 0x6700)
    /// `6982`: security status not satisfied.
    public static let securityStatusNotSatisfied = StatusWord(rawValue: 0x6982)
    /// `6985`: conditions of use not satisfied.
    public static let conditionsNotSatisfied = StatusWord(rawValue: 0x6985)
    /// `6A80`: incorrect parameters in the data field.
    public static let wrongData = StatusWord(rawValue: 0x6A80)
    /// `6A81`: function not supported.
    public static let functionNotSupported = StatusWord(rawValue: 0x6A81)
    /// `6A82`: file or application not found.
    public static let fileNotFound = StatusWord(rawValue: 0x6A82)
    /// `6A86`: incorrect parameters P1-P2.
    public static let wrongP1P2 = StatusWord(rawValue: 0x6A86)
    /// `6D00`: instruction code not supported.
    public static let insNotSupported = StatusWord(rawValue: 0x6D00)
    /// `6E00`: class not supported.
    public static let claNotSupported = StatusWord(rawValue: 0x6E00)
    /// `6F00`: no precise diagnosis.
    public static let noPreciseDiagnosis = StatusWord(rawValue: 0x6F00)

    /// True for `9000` only. (`61xx` never reaches callers of `CardConnection.transmit(_:)`:
    /// the exchange fetches the rest of the answer itself.)
    public var isSuccess: Bool { rawValue == 0x9000 }

    /// The ISO 7816-4 meaning, for logs and technicians.
    public var meaning: String {
        switch (sw1, sw2) {
        case (0x90, 0x00): "success"
        case (0x61, let n): "\(n == 0 ? 256 : Int(n)) more bytes available (GET RESPONSE)"
        case (0x62, 0x81): "warning: part of returned data may be corrupted"
        case (0x62, 0x82): "warning: end of file reached before Le bytes"
        case (0x62, 0x83): "warning: selected file deactivated"
        case (0x62, _): "warning: state of non-volatile memory unchanged"
        case (0x63, let n) where n & 0xF0 == 0xC0: "warning: counter at \(n & 0x0F)"
        case (0x63, _): "warning: state of non-volatile memory changed"
        case (0x64, _): "execution error: non-volatile memory unchanged"
        case (0x65, 0x81): "execution error: memory failure"
        case (0x65, _): "execution error: non-volatile memory changed"
        case (0x67, 0x00): "wrong length"
        case (0x68, 0x81): "logical channel not supported"
        case (0x68, 0x82): "secure messaging not supported"
        case (0x68, _): "functions in CLA not supported"
        case (0x69, 0x82): "security status not satisfied"
        case (0x69, 0x83): "authentication method blocked"
        case (0x69, 0x84): "reference data not usable"
        case (0x69, 0x85): "conditions of use not satisfied"
        case (0x69, 0x86): "command not allowed (no current EF)"
        case (0x69, _): "command not allowed"
        case (0x6A, 0x80): "incorrect parameters in the data field"
        case (0x6A, 0x81): "function not supported"
        case (0x6A, 0x82): "file or application not found"
        case (0x6A, 0x84): "not enough memory space in the file"
        case (0x6A, 0x86): "incorrect parameters P1-P2"
        case (0x6A, 0x88): "referenced data not found"
        case (0x6A, _): "wrong parameters P1-P2"
        case (0x6B, 0x00): "wrong parameters P1-P2"
        case (0x6C, let n): "wrong Le: \(n == 0 ? 256 : Int(n)) bytes available"
        case (0x6D, 0x00): "instruction code not supported or invalid"
        case (0x6E, 0x00): "class not supported"
        case (0x6F, 0x00): "no precise diagnosis"
        default: "unknown status"
        }
    }
}

extension StatusWord: CustomStringConvertible {
    public var description: String {
        let hex = String(rawValue, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - hex.count) + hex + " (\(meaning))"
    }
}
