/// What the simulated contactless reader answers itself, before any card sees the command
/// (`hardware/readers/vpcd-virtual.json`):
///
/// - the PC/SC pseudo-APDU `GET DATA` (`FF CA P1 00 Le`, PC/SC part 3), which every contactless
///   reader answers for every card from what anti-collision told it;
/// - the LED and buzzer command of the ACS readers (`FF 00 40 P2 04 T1 T2 R B`), which the
///   terminal sends at the end of a tap: answered `90` and the LED state after it, as the ACR122U
///   does, and recorded by the host (``VirtualCardHost/readerSignals``);
/// - when the reader is set to carry short APDUs only, any extended-length command: refused with
///   `6700` without reaching the card, as a reader whose firmware passes short frames only.
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

    /// True for the LED and buzzer command `FF 00 40 ...`.
    static func isSignal(_ command: [UInt8]) -> Bool {
        command.count >= 4 && command[0] == 0xFF && command[1] == 0x00 && command[2] == 0x40
    }

    /// The answer to an LED and buzzer command, given the LED state before it (bit 0 red, bit 1
    /// green) and updated to the state after: `P2` bit 2 (red) and bit 3 (green) let bits 0 and
    /// 1 set the final state; the blinking (`T1`, `T2`, repetitions) and the buzzer leave it as
    /// it was. `90` then the state; `6300` for a command not of that shape.
    static func answerSignal(_ command: [UInt8], leds: inout UInt8) -> [UInt8] {
        guard command.count == 9, command[4] == 0x04 else { return [0x63, 0x00] }
        let p2 = command[3]
        if p2 & 0x04 != 0 { leds = (leds & ~0x01) | (p2 & 0x01) }
        if p2 & 0x08 != 0 { leds = (leds & ~0x02) | (p2 & 0x02) }
        return [0x90, leds]
    }

    /// True when `command` uses extended lengths: a zero byte where a short APDU has Lc or Le,
    /// followed by two length bytes (cases 2E, 3E and 4E of ISO/IEC 7816-4).
    static func isExtended(_ command: [UInt8]) -> Bool {
        command.count >= 7 && command[4] == 0x00
    }
}
