/// What ``Journal/verify(path:options:)`` found after walking every slot.
public struct VerifyReport: Sendable {
    /// The journal's shape, from the superblock in force.
    public var geometry: JournalGeometry
    /// Generation of the superblock in force, and which copies were valid.
    public var superblockGeneration: UInt64
    public var superblockCopiesValid: [Bool]
    /// Positions the scan found.
    public var headRecord: UInt64
    public var syncRecord: UInt64
    public var oldestRecord: UInt64
    public var lastSequence: UInt64
    public var syncedSequence: UInt64
    public var oldestSequence: UInt64
    /// Slots just after the head left by an interrupted append (a torn tail, not corruption).
    public var interruptedAppendSlots: Int64
    /// Damaged slots, with positions.
    public var corruption: CorruptionReport
    /// Slots read.
    public var slotsScanned: Int64

    /// True when no slot is damaged, in the live range or in the history.
    public var isClean: Bool { corruption.isEmpty }
}

extension Journal {
    /// Walks every slot of the journal file at `path` without writing and reports damage with
    /// its position. Works on a journal too damaged to open.
    public static func verify(path: String, options: JournalOptions) throws(JournalError) -> VerifyReport {
        let storage: any JournalStorage
        do { storage = try options.storageProvider.open(path: path, readOnly: true) } catch { throw .io(error) }
        defer { try? storage.close() }
        return try verify(storage, path: path)
    }

    /// Walks every slot held by `storage` and reports damage; see ``verify(path:options:)``.
    public static func verify(on storage: any JournalStorage) throws(JournalError) -> VerifyReport {
        try verify(storage, path: nil)
    }

    /// Walks every slot of this open journal's file and reports damage.
    public func verify() throws(JournalError) -> VerifyReport {
        try locked { (engine) throws(JournalError) in try Journal.verify(engine.storage, path: path) }
    }

    static func verify(_ storage: any JournalStorage, path: String?) throws(JournalError) -> VerifyReport {
        let (superblock, copies) = try readSuperblocks(storage, path: path)
        let reader = SlotReader(storage: storage, geometry: superblock.geometry)
        let scan = try RingScanner.scan(
            reader, syncRecord: superblock.syncRecord, syncSequence: superblock.syncSequence)
        return VerifyReport(
            geometry: superblock.geometry, superblockGeneration: superblock.generation,
            superblockCopiesValid: copies.enumerated().map { $1?.copyIndex == $0 },
            headRecord: scan.head, syncRecord: superblock.syncRecord, oldestRecord: scan.oldestRecord,
            lastSequence: scan.lastSequence, syncedSequence: superblock.syncSequence,
            oldestSequence: scan.oldestSequence, interruptedAppendSlots: scan.interruptedAppendSlots,
            corruption: scan.report, slotsScanned: superblock.geometry.slotCount)
    }
}
