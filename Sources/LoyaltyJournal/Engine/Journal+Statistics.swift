/// A snapshot of a journal's positions and occupancy.
public struct JournalStatistics: Sendable, Equatable {
    /// The journal's shape.
    public var geometry: JournalGeometry
    /// Record slots in the ring (capacity).
    public var capacityRecords: Int64 { geometry.slotCount }
    /// Record number the next append writes first (the head).
    public var headRecord: UInt64
    /// Record number of the first record not acknowledged (the sync mark).
    public var syncRecord: UInt64
    /// First record of the oldest transaction still held.
    public var oldestRecord: UInt64
    /// Sequence of the last durable transaction (0 when none).
    public var lastSequence: UInt64
    /// Sequence of the last transaction acknowledged by the back office (0 when none).
    public var syncedSequence: UInt64
    /// Sequence of the oldest transaction still held (`lastSequence + 1` when none is).
    public var oldestSequence: UInt64
    /// When the oldest unacknowledged transaction was appended, in ms since the Unix epoch.
    public var oldestUnsyncedTimestamp: UInt64?
    /// When the sync mark last moved (or the journal was created), in ms since the Unix epoch.
    public var syncedAt: UInt64
    /// Generation of the superblock in force.
    public var superblockGeneration: UInt64

    /// Records waiting for sync: they cannot be overwritten.
    public var waitingRecords: Int64 { Int64(headRecord - syncRecord) }
    /// Transactions waiting for sync.
    public var waitingTransactions: UInt64 { lastSequence - syncedSequence }
    /// Records the ring can still take before it is full.
    public var freeRecords: Int64 { capacityRecords - waitingRecords }
    /// Records held, acknowledged or not.
    public var retainedRecords: Int64 { Int64(headRecord - oldestRecord) }

    /// Age of the oldest unacknowledged transaction at `now` (ms since the Unix epoch).
    public func oldestUnsyncedAge(now: UInt64) -> UInt64? {
        oldestUnsyncedTimestamp.map { now >= $0 ? now - $0 : 0 }
    }
}

extension Journal {
    /// The journal's positions and occupancy now.
    public func statistics() throws(JournalError) -> JournalStatistics {
        try engine.withLock { (engine: inout Engine) throws(JournalError) -> JournalStatistics in
            try engine.ensureOpen()
            try engine.resolveOldest()
            return JournalStatistics(
                geometry: engine.geometry, headRecord: engine.head, syncRecord: engine.syncRecord,
                oldestRecord: engine.oldestRecord, lastSequence: engine.lastSequence,
                syncedSequence: engine.syncSequence, oldestSequence: engine.oldestSequence,
                oldestUnsyncedTimestamp: engine.oldestUnsyncedTimestamp, syncedAt: engine.superblock.syncedAt,
                superblockGeneration: engine.superblock.generation)
        }
    }
}

extension Engine {
    /// Moves the oldest retained transaction past any records the ring has overwritten since
    /// it was last resolved (appends do not do this, to keep them to one write and one sync).
    func resolveOldest() throws(JournalError) {
        let floor = head >= UInt64(geometry.slotCount) ? head - UInt64(geometry.slotCount) : 0
        guard oldestRecord < floor else { return }
        var number = floor
        // Skip the rest of a transaction whose first records were overwritten.
        while number < syncRecord {
            guard let record = try readRecord(number) else { break }
            if record.part == 0 {
                oldestRecord = number
                oldestSequence = record.sequence
                return
            }
            number += UInt64(record.partCount - record.part)
        }
        oldestRecord = syncRecord
        oldestSequence = syncSequence + 1
    }
}
