/// The on-disk format, version 1, in one place. `docs/journal-format.md` describes the same
/// layout for readers written from the document alone; keep the two in step.
///
/// ```
/// offset 0        superblock copy 0 (256 bytes used of a 4 KiB page)
/// offset 4096     superblock copy 1
/// offset 8192     slot 0, slot 1, ... slot N-1   (N = slotCount, recordSize bytes each)
/// ```
enum JournalFormat {
    static let version: UInt16 = 1

    /// Where the two superblock copies and the record area start.
    static let superblockOffsets: [Int64] = [0, 4096]
    static let recordsOffset: Int64 = 8192
    static let superblockLength = 256

    static let minimumRecordSize = 512
    static let maximumRecordSize = 4096
    static let defaultRecordSize = 512
    static let defaultMaxRecordsPerTransaction = 16
    static let maximumRecordsPerTransaction = 256

    // MARK: Superblock layout (all little-endian)

    /// "LOYJRNL" followed by a zero byte.
    static let superblockMagic: UInt64 = 0x004C_4E52_4A59_4F4C
    enum SB {
        static let magic = 0  // UInt64
        static let version = 8  // UInt16
        static let length = 10  // UInt16, 256
        static let recordSize = 12  // UInt32
        static let fileSize = 16  // UInt64
        static let recordsOffset = 24  // UInt64
        static let slotCount = 32  // UInt64
        static let journalID = 40  // UInt64
        static let maxParts = 48  // UInt16
        static let flags = 50  // UInt16, 0
        static let reserved = 52  // UInt32, 0
        static let createdAt = 56  // UInt64, milliseconds since the Unix epoch
        static let generation = 64  // UInt64, chooses the newer copy
        static let syncRecord = 72  // UInt64, record number of the first record not acknowledged
        static let syncSequence = 80  // UInt64, last acknowledged transaction sequence (0: none)
        static let syncedAt = 88  // UInt64, milliseconds since the Unix epoch
        static let checksum = 252  // UInt32, CRC-32C of bytes 0..<252
    }

    // MARK: Record layout (all little-endian)

    /// "LJRC" read as a little-endian UInt32.
    static let recordMagic: UInt32 = 0x4352_4A4C
    static let recordHeaderLength = 48
    static let recordTrailerLength = 4
    enum Rec {
        static let magic = 0  // UInt32
        static let version = 4  // UInt16
        static let flags = 6  // UInt16, 0
        static let journalID = 8  // UInt64
        static let recordNumber = 16  // UInt64, position in the endless ring; slot = number % slotCount
        static let sequence = 24  // UInt64, transaction sequence, 1, 2, 3, ...
        static let timestamp = 32  // UInt64, milliseconds since the Unix epoch
        static let part = 40  // UInt16, index of this record in its transaction
        static let partCount = 42  // UInt16, records in the transaction
        static let payloadLength = 44  // UInt16, payload bytes in this record
        static let reserved = 46  // UInt16, 0
        static let payload = 48
        // CRC-32C of bytes 0..<(recordSize - 4) in the last 4 bytes.
    }

    /// Payload bytes one record of `recordSize` bytes carries.
    static func payloadCapacity(recordSize: Int) -> Int {
        recordSize - recordHeaderLength - recordTrailerLength
    }
}
