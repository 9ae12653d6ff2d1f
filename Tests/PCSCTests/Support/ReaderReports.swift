@testable import PCSC

/// `SCARD_STATE_*` flag values as pcsc-lite defines them (checked against the header in
/// ``ReaderStateFlagTests``).
enum StateFlag {
    static let unaware: UInt32 = 0x0000
    static let changed: UInt32 = 0x0002
    static let unknown: UInt32 = 0x0004
    static let empty: UInt32 = 0x0010
    static let present: UInt32 = 0x0020
    static let inUse: UInt32 = 0x0100
    static let mute: UInt32 = 0x0200
}

/// A reader's state as `SCardGetStatusChange` reports it: flags, the event count in the high
/// 16 bits, and the ATR.
func report(_ reader: String, _ flags: UInt32, count: UInt16 = 0, atr: [UInt8] = []) -> ReaderStateRecord {
    var record = ReaderStateRecord(reader: reader, currentState: 0)
    record.eventState = UInt32(count) << 16 | flags
    record.atr = atr
    return record
}

/// The plug-and-play pseudo reader's report, with or without a reader list change.
func plugAndPlay(changed: Bool, count: UInt16 = 0) -> ReaderStateRecord {
    report(ReaderStateRecord.plugAndPlayReader, changed ? StateFlag.changed : 0, count: count)
}

enum ATR {
    static let mifare = hex("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A")
    static let desfire = hex("3B 81 80 01 80 80")
}
