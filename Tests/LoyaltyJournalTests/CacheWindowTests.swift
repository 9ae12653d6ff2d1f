import LoyaltyJournal
import Synchronization
import Testing

/// Where appends write next, the journal drops the page cache first (a bulk read may have left
/// large folios there, which a small write would dirty whole): a window from the first append
/// after opening, a new one each time an append writes outside the last, and the superblocks'
/// folio before the first sync-mark move. Opening releases nothing.
@Suite struct CacheWindowTests {
    /// A simulated disk that records the cache releases asked of it.
    final class RecordingStorage: JournalStorage {
        let disk: SimulatedDisk
        let releases = Mutex<[Range<Int64>]>([])
        init(_ disk: SimulatedDisk) { self.disk = disk }
        var size: Int64 { disk.size }
        func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(StorageError) {
            try disk.read(into: buffer, at: offset)
        }
        func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(StorageError) {
            try disk.write(bytes, at: offset)
        }
        func syncData() throws(StorageError) { try disk.syncData() }
        func syncAll() throws(StorageError) { try disk.syncAll() }
        func close() throws(StorageError) { try disk.close() }
        func releaseCache(offset: Int64, length: Int64) {
            releases.withLock { $0.append(offset..<(offset + length)) }
        }
        func taken() -> [Range<Int64>] {
            releases.withLock { list in
                defer { list = [] }
                return list
            }
        }
    }

    static let mebibyte: Int64 = 1 << 20

    @Test func writesReleaseTheCacheAheadOfThem() throws {
        let slots = 2600
        let storage = RecordingStorage(SimulatedDisk(size: 8192 + Int64(slots) * 4096))
        let layout = JournalLayout(recordSize: 4096, maxRecordsPerTransaction: 4, journalID: Fixture.journalID)
        let journal = try Journal.create(on: storage, layout: layout, options: Fixture.options(checks: false))
        let payload = [UInt8](repeating: 7, count: 100)
        // Slot s starts at 8192 + 4096 s: slot 1022 at 4 MiB, slot 2046 at 8 MiB.
        for _ in 0..<(slots - 1) { try journal.append(payload) }
        #expect(
            storage.taken() == [
                0..<(4 * Self.mebibyte), (4 * Self.mebibyte)..<(8 * Self.mebibyte),
                (8 * Self.mebibyte)..<(12 * Self.mebibyte),
            ])
        try journal.markSynced(through: UInt64(slots - 1))
        try journal.markSynced(through: UInt64(slots - 1))  // No move, no write.
        #expect(storage.taken() == [0..<(2 * Self.mebibyte)])
        try journal.append(payload)  // The last slot: inside the window at 8 MiB.
        #expect(storage.taken().isEmpty)
        try journal.append(payload)  // Slot 0 again, after the wrap.
        #expect(storage.taken() == [0..<(4 * Self.mebibyte)])
        try journal.close()

        let reopened = try Journal.open(on: storage, options: Fixture.options(checks: false))
        #expect(try reopened.statistics().headRecord == UInt64(slots + 1))
        #expect(storage.taken().isEmpty)
        try reopened.append(payload)  // Slot 1.
        try reopened.append(payload)
        try reopened.markSynced(through: UInt64(slots + 1))
        try reopened.markSynced(through: UInt64(slots + 2))
        #expect(storage.taken() == [0..<(4 * Self.mebibyte), 0..<(2 * Self.mebibyte)])
        try reopened.close()

        let readOnly = try Journal.open(on: storage, options: Fixture.options(readOnly: true, checks: false))
        #expect(storage.taken().isEmpty)
        try readOnly.close()
    }
}
