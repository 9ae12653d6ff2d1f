/// One copy of the superblock: the geometry plus the sync mark.
///
/// Two copies live at fixed offsets. A new sync mark is written, with the next generation, into
/// copy `generation % 2` and made durable before it is used; opening takes the valid copy with
/// the highest generation. A torn copy therefore leaves the other, older one in force.
struct Superblock: Equatable {
    var geometry: JournalGeometry
    var generation: UInt64
    /// Record number of the first record not acknowledged by the back office.
    var syncRecord: UInt64
    /// Sequence of the last acknowledged transaction (0 when none has been).
    var syncSequence: UInt64
    /// When the sync mark last moved, in milliseconds since the Unix epoch.
    var syncedAt: UInt64

    /// The copy this superblock is written into.
    var copyIndex: Int { Int(generation % 2) }

    func encode(into buffer: UnsafeMutableRawBufferPointer) {
        typealias F = JournalFormat.SB
        precondition(buffer.count >= JournalFormat.superblockLength)
        for i in 0..<JournalFormat.superblockLength { buffer[i] = 0 }
        buffer.setLE(JournalFormat.superblockMagic, at: F.magic)
        buffer.setLE(JournalFormat.version, at: F.version)
        buffer.setLE(UInt16(JournalFormat.superblockLength), at: F.length)
        buffer.setLE(UInt32(geometry.recordSize), at: F.recordSize)
        buffer.setLE(UInt64(geometry.fileSize), at: F.fileSize)
        buffer.setLE(UInt64(JournalFormat.recordsOffset), at: F.recordsOffset)
        buffer.setLE(UInt64(geometry.slotCount), at: F.slotCount)
        buffer.setLE(geometry.journalID, at: F.journalID)
        buffer.setLE(UInt16(geometry.maxRecordsPerTransaction), at: F.maxParts)
        buffer.setLE(geometry.createdAt, at: F.createdAt)
        buffer.setLE(generation, at: F.generation)
        buffer.setLE(syncRecord, at: F.syncRecord)
        buffer.setLE(syncSequence, at: F.syncSequence)
        buffer.setLE(syncedAt, at: F.syncedAt)
        let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[0..<F.checksum]))
        buffer.setLE(crc, at: F.checksum)
    }

    /// Decodes one copy; `nil` when it is blank, torn or not a version 1 superblock.
    static func decode(_ buffer: UnsafeRawBufferPointer) -> Superblock? {
        typealias F = JournalFormat.SB
        guard buffer.count >= JournalFormat.superblockLength,
            buffer.le(F.magic, as: UInt64.self) == JournalFormat.superblockMagic,
            buffer.le(F.checksum, as: UInt32.self)
                == CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[0..<F.checksum])),
            buffer.le(F.version, as: UInt16.self) == JournalFormat.version,
            buffer.le(F.length, as: UInt16.self) == UInt16(JournalFormat.superblockLength),
            buffer.le(F.recordsOffset, as: UInt64.self) == UInt64(JournalFormat.recordsOffset)
        else { return nil }
        let recordSize = Int(buffer.le(F.recordSize, as: UInt32.self))
        let fileSize = Int64(bitPattern: buffer.le(F.fileSize, as: UInt64.self))
        let maxParts = Int(buffer.le(F.maxParts, as: UInt16.self))
        guard
            let geometry = try? JournalGeometry.make(
                fileSize: fileSize, recordSize: recordSize, maxRecordsPerTransaction: maxParts,
                journalID: buffer.le(F.journalID), createdAt: buffer.le(F.createdAt)),
            UInt64(geometry.slotCount) == buffer.le(F.slotCount, as: UInt64.self)
        else { return nil }
        return Superblock(
            geometry: geometry,
            generation: buffer.le(F.generation),
            syncRecord: buffer.le(F.syncRecord),
            syncSequence: buffer.le(F.syncSequence),
            syncedAt: buffer.le(F.syncedAt))
    }
}
