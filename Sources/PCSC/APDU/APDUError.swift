/// Why an APDU could not be built or a card's answer could not be understood.
public enum APDUError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The command's data field is longer than an extended APDU allows (65 535 bytes).
    case commandDataTooLong(Int)
    /// A raw command shorter than the 4 header bytes every command APDU has (CLA INS P1 P2).
    /// Such bytes are no command; through vpcd a 1-byte message is even a control frame
    /// (`docs/pcsc-driver.md`) that blocks the reader.
    case commandTooShort(Int)
    /// The expected length is outside 1...65 536.
    case invalidExpectedLength(Int)
    /// The card answered fewer than the two status bytes every answer must end with.
    case responseTooShort(Int)
    /// The card kept asking for GET RESPONSE beyond what any real answer needs.
    case responseChainTooLong(rounds: Int, bytes: Int)
    /// The card answered `6Cxx` (wrong Le) again after being re-asked with the length it gave.
    case repeatedWrongLength(StatusWord)

    public var description: String {
        switch self {
        case .commandDataTooLong(let count):
            "APDU data field of \(count) bytes is longer than the 65535 an extended APDU allows"
        case .commandTooShort(let count):
            "a command APDU has at least 4 bytes (CLA INS P1 P2); \(count) refused unsent"
        case .invalidExpectedLength(let le):
            "expected length Le=\(le) is outside 1...65536"
        case .responseTooShort(let count):
            "card answered \(count) byte(s); every answer ends with a 2-byte status word"
        case .responseChainTooLong(let rounds, let bytes):
            "card asked for GET RESPONSE \(rounds) times (\(bytes) bytes); stopped as malformed"
        case .repeatedWrongLength(let sw):
            "card answered \(sw) again after the command was re-sent with the length it asked for"
        }
    }
}
