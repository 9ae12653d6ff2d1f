/// What the simulated contactless reader answers itself, before any card sees the command: the
/// PC/SC pseudo-APDU `GET DATA` (`FF CA P1 00 Le`, PC/SC part 3), which every contactless reader
/// answers for every card from what anti-collision told it (`hardware/readers/vpcd-virtual.json`).
enum ContactlessReader {
    /// The reader's answer to `command`, or nil when the command is for the card.
    ///
    /// `FF CA 00 00 Le` gives the UID then `9000` (`6CXX` when `Le` is too short); `P1 = 01` (the
    /// ATS) is not available (`6A81`), nor a UID for a card without one; other `P1`/`P2` are
    /// `6A86`.
    static func answer(_ command: [UInt8], uid: [UInt8]) -> [UInt8]? {
        guard command.count >= 4, command[0] == 0xFF, command[1] == 0xCA else { return nil }
        guard command.count <= 5 else { return CardStatus.wrongLength }
        guard command[3] == 0x00 else { return CardStatus.wrongP1P2 }
        switch command[2] {
        case 0x00:
            guard !uid.isEmpty else { return CardStatus.functionNotSupported }
            let le = command.count == 5 ? Int(command[4]) : 0
            if le != 0 && le < uid.count { return [0x6C, UInt8(uid.count)] }
            return uid + CardStatus.success
        case 0x01:
            return CardStatus.functionNotSupported
        default:
            return CardStatus.wrongP1P2
        }
    }
}
