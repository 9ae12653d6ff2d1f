extension Engine {
    /// The engine's internal consistency checks (``JournalOptions/checkInvariants``): the
    /// positions agree with each other, and a fresh recovery pass over the device reopens to
    /// exactly this state with no damage.
    func checkInvariants() throws(JournalError) {
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(JournalError) {
            if !condition { throw .invariantViolation(message()) }
        }
        let slots = UInt64(geometry.slotCount)
        try require(syncRecord <= head, "sync mark \(syncRecord) is past the head \(head)")
        try require(head - syncRecord <= slots, "\(head - syncRecord) records wait in a ring of \(slots)")
        try require(syncSequence <= lastSequence, "synced sequence \(syncSequence) is past the last \(lastSequence)")
        try require(
            (head == syncRecord) == (lastSequence == syncSequence),
            "records \(syncRecord)..<\(head) do not match transactions \(syncSequence)...\(lastSequence)")
        try require(
            (oldestUnsyncedTimestamp == nil) == (head == syncRecord),
            "oldest unsynced timestamp \(String(describing: oldestUnsyncedTimestamp)) with \(head - syncRecord) waiting")
        try require(oldestRecord <= syncRecord, "oldest record \(oldestRecord) is past the sync mark \(syncRecord)")
        try require(
            head - oldestRecord <= slots || oldestRecord < head - slots,
            "oldest record \(oldestRecord) is neither held nor behind the ring")

        let (onDisk, _) = try Journal.readSuperblocks(storage, path: nil)
        try require(onDisk == superblock, "superblock on the device \(onDisk) differs from \(superblock)")
        let reader = SlotReader(storage: storage, geometry: geometry)
        let scan = try RingScanner.scan(reader, syncRecord: syncRecord, syncSequence: syncSequence)
        try require(scan.report.liveCount == 0, "rescan finds damage: \(scan.report)")
        try require(
            scan.head == head && scan.lastSequence == lastSequence,
            "rescan finds head \(scan.head) / sequence \(scan.lastSequence), engine has \(head) / \(lastSequence)")
        try require(
            scan.oldestUnsyncedTimestamp == oldestUnsyncedTimestamp,
            "rescan finds oldest unsynced timestamp \(String(describing: scan.oldestUnsyncedTimestamp))")
    }
}
