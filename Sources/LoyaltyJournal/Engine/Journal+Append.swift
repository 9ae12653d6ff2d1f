extension Journal {
    /// Appends one transaction carrying `payload` and returns its sequence number once it is
    /// durable.
    ///
    /// The payload is split over as many records as it needs (``JournalGeometry/payloadCapacity``
    /// bytes each, at most ``JournalGeometry/maxRecordsPerTransaction``). The records go to the
    /// file in one `pwrite` (two when the transaction wraps past the end of the ring) followed by
    /// one `fdatasync`: `fdatasync` rather than `fsync` because the file was fully written and
    /// synced when created and its size never changes, so no metadata is needed to read the
    /// records back; `fsync` would only add a journal commit for the modification time.
    ///
    /// - Throws: ``JournalError/journalFull(waitingTransactions:waitingRecords:capacityRecords:neededRecords:)``
    ///   when only records waiting for sync could make room (nothing is written);
    ///   ``JournalError/appendFailed(sequence:_:inDoubt:)`` when the device fails: the
    ///   transaction is not acknowledged, and is rolled back (zeroed and synced). Only if the
    ///   rollback fails too does this object refuse further writes.
    @discardableResult
    public func append(_ payload: some Collection<UInt8>) throws(JournalError) -> UInt64 {
        let result =
            payload.withContiguousStorageIfAvailable { bytes in
                Result { () throws(JournalError) in try append(raw: UnsafeRawBufferPointer(bytes)) }
            }
            ?? Array(payload).withUnsafeBytes { bytes in
                Result { () throws(JournalError) in try append(raw: bytes) }
            }
        return try result.get()
    }

    /// Appends one transaction whose payload is `bytes`; see ``append(_:)``.
    @discardableResult
    public func append(raw bytes: UnsafeRawBufferPointer) throws(JournalError) -> UInt64 {
        try engine.withLock { (engine: inout Engine) throws(JournalError) -> UInt64 in
            try engine.append(bytes)
        }
    }
}

extension Engine {
    func append(_ payload: UnsafeRawBufferPointer) throws(JournalError) -> UInt64 {
        try ensureWritable()
        let capacity = geometry.payloadCapacity
        let parts = max(1, (payload.count + capacity - 1) / capacity)
        guard parts <= geometry.maxRecordsPerTransaction else {
            throw .transactionTooLarge(bytes: payload.count, maximum: geometry.maxTransactionPayload)
        }
        guard waitingRecords + Int64(parts) <= geometry.slotCount else {
            throw .journalFull(
                waitingTransactions: lastSequence - syncSequence, waitingRecords: waitingRecords,
                capacityRecords: geometry.slotCount, neededRecords: parts)
        }
        let sequence = lastSequence + 1
        let timestamp = options.clock.millisecondsSinceEpoch()
        let size = geometry.recordSize
        for part in 0..<parts {
            let start = part * capacity
            let end = min(payload.count, start + capacity)
            let header = RecordHeader(
                recordNumber: head + UInt64(part), sequence: sequence, timestamp: timestamp,
                part: part, partCount: parts, payloadLength: end - start)
            RecordCodec.encode(
                header, payload: UnsafeRawBufferPointer(rebasing: payload[start..<end]),
                journalID: geometry.journalID,
                into: UnsafeMutableRawBufferPointer(rebasing: scratch[(part * size)..<((part + 1) * size)]))
        }
        // One write up to the end of the ring, and a second one from slot 0 if it wraps.
        let firstSlot = geometry.slot(of: head)
        let firstRun = min(parts, Int(geometry.slotCount - firstSlot))
        releaseCacheIfNeeded(forWriteAt: geometry.offset(ofSlot: firstSlot), length: firstRun * size)
        if firstRun < parts { releaseCacheIfNeeded(forWriteAt: geometry.offset(ofSlot: 0), length: (parts - firstRun) * size) }
        do {
            try storage.write(
                UnsafeRawBufferPointer(rebasing: scratch[0..<(firstRun * size)]), at: geometry.offset(ofSlot: firstSlot))
            if firstRun < parts {
                try storage.write(
                    UnsafeRawBufferPointer(rebasing: scratch[(firstRun * size)..<(parts * size)]),
                    at: geometry.offset(ofSlot: 0))
            }
        } catch {
            throw rollBack(sequence: sequence, parts: parts, after: error)
        }
        do { try storage.syncData() } catch {
            // Never retried: after a failed fdatasync the kernel may have dropped the pages and
            // marked them clean, so a second fdatasync could succeed without writing them.
            throw rollBack(sequence: sequence, parts: parts, after: error)
        }
        head += UInt64(parts)
        lastSequence = sequence
        if oldestUnsyncedTimestamp == nil { oldestUnsyncedTimestamp = timestamp }
        if options.checkInvariants { try checkInvariants() }
        return sequence
    }
}

extension Engine {
    /// After a failed write or sync of an append: overwrites its slots with zeros and syncs, so
    /// that what the medium holds there is known again. Returns the error to throw.
    func rollBack(sequence: UInt64, parts: Int, after error: StorageError) -> JournalError {
        do {
            try writeZeros(slotsFrom: head, count: parts)
            try storage.syncData()
            return .appendFailed(sequence: sequence, error, inDoubt: false)
        } catch let rollbackError {
            failure = "transaction \(sequence) failed (\(error)) and could not be rolled back (\(rollbackError))"
            return .appendFailed(sequence: sequence, error, inDoubt: true)
        }
    }

    /// Writes zeros over `count` slots from record number `first` (wrapping).
    func writeZeros(slotsFrom first: UInt64, count: Int) throws(StorageError) {
        let size = geometry.recordSize
        scratch.initializeMemory(as: UInt8.self, repeating: 0)
        let firstSlot = geometry.slot(of: first)
        let firstRun = min(count, Int(geometry.slotCount - firstSlot))
        try storage.write(UnsafeRawBufferPointer(rebasing: scratch[0..<(firstRun * size)]), at: geometry.offset(ofSlot: firstSlot))
        if firstRun < count {
            try storage.write(
                UnsafeRawBufferPointer(rebasing: scratch[0..<((count - firstRun) * size)]), at: geometry.offset(ofSlot: 0))
        }
    }
}
