extension Journal {
    /// Records that the back office has durably stored every transaction up to and including
    /// `sequence`, freeing their slots for reuse (they stay readable until overwritten).
    ///
    /// The new mark goes into the older superblock copy with the next generation and is
    /// `fdatasync`ed before any slot it frees is reused; a crash in between leaves the old mark in
    /// force. Moving the mark backwards (or to where it is) does nothing.
    ///
    /// - Throws: ``JournalError/sequenceBeyondHead(requested:last:)`` for a sequence not yet
    ///   appended; ``JournalError/syncMarkFailed(_:)`` if the device fails (the old mark stays).
    public func markSynced(through sequence: UInt64) throws(JournalError) {
        try engine.withLock { (engine: inout Engine) throws(JournalError) in try engine.markSynced(through: sequence) }
    }
}

extension Engine {
    func markSynced(through sequence: UInt64) throws(JournalError) {
        try ensureWritable()
        guard sequence <= lastSequence else { throw .sequenceBeyondHead(requested: sequence, last: lastSequence) }
        guard sequence > syncSequence else { return }
        // Find where transaction `sequence + 1` starts by hopping from transaction to transaction.
        var number = syncRecord
        var next = syncSequence + 1
        while next <= sequence {
            guard let record = try readRecord(number), record.sequence == next, record.part == 0 else {
                throw .unexpectedRecord(recordNumber: number, "expected the start of transaction \(next)")
            }
            number += UInt64(record.partCount)
            next += 1
        }
        var updated = superblock
        updated.generation += 1
        updated.syncRecord = number
        updated.syncSequence = sequence
        updated.syncedAt = options.clock.millisecondsSinceEpoch()
        releaseSuperblockCacheIfNeeded()
        do {
            try Journal.writeSuperblock(updated, to: storage)
            try storage.syncData()
        } catch {
            // Not retried: the copy may be half on the medium. Invalidate it (the copy in force is
            // the other one) so the medium and the page cache agree; the next move rewrites it.
            do {
                try Journal.invalidateSuperblock(copy: updated.copyIndex, on: storage)
                try storage.syncData()
            } catch let rollbackError {
                failure = "a failed sync-mark write (\(error)) that could not be undone (\(rollbackError))"
            }
            throw .syncMarkFailed(error)
        }
        superblock = updated
        oldestUnsyncedTimestamp = number < head ? try readRecord(number)?.timestamp : nil
        if options.checkInvariants { try checkInvariants() }
    }
}
