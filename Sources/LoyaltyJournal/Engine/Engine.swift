/// The journal's mutable state and its device. Lives inside the ``Journal``'s mutex, so every
/// method here runs with the lock held.
final class Engine {
    let storage: any JournalStorage
    let geometry: JournalGeometry
    let options: JournalOptions

    /// The superblock in force (durable).
    var superblock: Superblock
    /// Record number the next append writes first.
    var head: UInt64
    /// Sequence of the last durable transaction.
    var lastSequence: UInt64
    /// First record and sequence of the oldest transaction still held, as last resolved; may
    /// since have been overwritten (``resolveOldest()`` moves it forward).
    var oldestRecord: UInt64
    var oldestSequence: UInt64
    /// Timestamp of the first transaction after the sync mark, if any.
    var oldestUnsyncedTimestamp: UInt64?
    /// Set when an append failed: the reason this object takes no more writes.
    var failure: String?
    var isClosed = false
    /// The file range whose page cache was last released ahead of appends, and whether the
    /// superblocks' was (``releaseCacheIfNeeded(forWriteAt:length:)``).
    var cacheReleased: Range<Int64>?
    var superblockCacheReleased = false

    /// Room to encode the records of one transaction.
    let scratch: UnsafeMutableRawBufferPointer

    init(storage: any JournalStorage, superblock: Superblock, scan: ScanResult, options: JournalOptions) {
        self.storage = storage
        self.geometry = superblock.geometry
        self.options = options
        self.superblock = superblock
        head = scan.head
        lastSequence = scan.lastSequence
        oldestRecord = scan.oldestRecord
        oldestSequence = scan.oldestSequence
        oldestUnsyncedTimestamp = scan.oldestUnsyncedTimestamp
        scratch = .allocate(
            byteCount: geometry.recordSize * geometry.maxRecordsPerTransaction, alignment: 4096)
    }

    deinit {
        scratch.deallocate()
        if !isClosed { try? storage.close() }
    }

    var syncRecord: UInt64 { superblock.syncRecord }
    var syncSequence: UInt64 { superblock.syncSequence }
    var waitingRecords: Int64 { Int64(head - syncRecord) }

    func ensureOpen() throws(JournalError) {
        if isClosed { throw .closed }
    }

    func ensureWritable() throws(JournalError) {
        try ensureOpen()
        if options.readOnly { throw .readOnly }
        if let failure { throw .reopenRequired(after: failure) }
    }

    /// Reads `count` consecutive slots starting at record number `first` (not crossing the end
    /// of the ring) into `buffer`.
    func readSlots(from first: UInt64, count: Int, into buffer: UnsafeMutableRawBufferPointer) throws(JournalError) {
        let slot = geometry.slot(of: first)
        precondition(slot + Int64(count) <= geometry.slotCount && count * geometry.recordSize <= buffer.count)
        do {
            try storage.read(
                into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(count * geometry.recordSize)]),
                at: geometry.offset(ofSlot: slot))
        } catch { throw .io(error) }
    }

    /// Reads and checks the single record numbered `number`; `nil` if the slot holds anything else.
    func readRecord(_ number: UInt64) throws(JournalError) -> RecordHeader? {
        let one = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<geometry.recordSize])
        try readSlots(from: number, count: 1, into: one)
        guard
            case .success(let header) = RecordCodec.check(
                UnsafeRawBufferPointer(one), slotIndex: geometry.slot(of: number), geometry: geometry),
            header.recordNumber == number
        else { return nil }
        return header
    }
}
