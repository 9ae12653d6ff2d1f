/// Reads transactions in sequence order, a batch of slots at a time: memory stays bounded by
/// one batch plus one transaction, whatever the journal's size.
///
/// The cursor reads up to the head as it is at each batch; appends made meanwhile are seen.
/// If appends overwrite a transaction before the cursor reaches it, ``next()`` throws
/// ``JournalError/sequenceNotRetained(requested:oldest:)``.
public struct TransactionCursor: ~Copyable {
    static let batchSlots = 64

    private let journal: Journal
    private let geometry: JournalGeometry
    private let buffer: UnsafeMutableRawBufferPointer
    private var bufferStart: UInt64 = 0
    private var bufferCount = 0
    /// Record number and sequence of the next transaction.
    private var nextRecord: UInt64
    private var nextSequence: UInt64

    init(journal: Journal, record: UInt64, sequence: UInt64) {
        self.journal = journal
        geometry = journal.geometry
        buffer = .allocate(byteCount: Self.batchSlots * geometry.recordSize, alignment: 4096)
        nextRecord = record
        nextSequence = sequence
    }

    deinit { buffer.deallocate() }

    /// The next transaction, or `nil` at the head.
    public mutating func next() throws(JournalError) -> JournalTransaction? {
        var payload: [UInt8] = []
        var first: RecordHeader?
        var number = nextRecord
        repeat {
            guard let bytes = try slot(number) else { return nil }
            let check = RecordCodec.check(bytes, slotIndex: geometry.slot(of: number), geometry: geometry)
            guard case .success(let record) = check, record.recordNumber == number else {
                throw try failure(at: number, check)
            }
            if let first {
                guard record.sequence == first.sequence, record.part == Int(number - first.recordNumber),
                    record.partCount == first.partCount
                else { throw try failure(at: number, check) }
            } else {
                guard record.sequence == nextSequence, record.part == 0 else { throw try failure(at: number, check) }
                first = record
                payload.reserveCapacity(record.partCount * geometry.payloadCapacity)
            }
            payload.append(contentsOf: RecordCodec.payload(of: bytes, record))
            number += 1
        } while number - first!.recordNumber < UInt64(first!.partCount)
        nextRecord = number
        nextSequence += 1
        return JournalTransaction(
            sequence: first!.sequence, timestamp: first!.timestamp, firstRecord: first!.recordNumber,
            recordCount: first!.partCount, payload: payload)
    }

    /// The bytes of slot `number` from the batch, reading the next batch when needed; `nil`
    /// when `number` is at or past the head.
    private mutating func slot(_ number: UInt64) throws(JournalError) -> UnsafeRawBufferPointer? {
        if number < bufferStart || number >= bufferStart + UInt64(bufferCount) {
            let buffer = buffer
            let geometry = geometry
            let count = try journal.locked { (engine) throws(JournalError) -> Int in
                guard number < engine.head else { return 0 }
                let count = min(
                    Int(engine.head - number), Self.batchSlots,
                    Int(geometry.slotCount - geometry.slot(of: number)))
                try engine.readSlots(from: number, count: count, into: buffer)
                return count
            }
            guard count > 0 else { return nil }
            bufferStart = number
            bufferCount = count
        }
        let start = Int(number - bufferStart) * geometry.recordSize
        return UnsafeRawBufferPointer(rebasing: buffer[start..<(start + geometry.recordSize)])
    }

    /// The error for a slot that does not hold what the chain expects: overwritten by the ring
    /// since the cursor started, or damaged.
    private func failure(at number: UInt64, _ check: Result<RecordHeader, RecordDefect>) throws(JournalError) -> JournalError {
        let oldest = try journal.locked { (engine) throws(JournalError) -> (UInt64, UInt64) in
            try engine.resolveOldest()
            return (engine.oldestRecord, engine.oldestSequence)
        }
        if number < oldest.0 { return .sequenceNotRetained(requested: nextSequence, oldest: oldest.1) }
        let problem =
            switch check {
            case .failure(let defect): defect.description
            case .success(let record): "holds transaction \(record.sequence) part \(record.part + 1)/\(record.partCount)"
            }
        return .unexpectedRecord(recordNumber: number, "\(problem), expected transaction \(nextSequence)")
    }
}

extension Journal {
    /// A cursor over the transactions from `sequence` onward, oldest first.
    ///
    /// Finding `sequence` hops from the nearest known position (the sync mark or the oldest
    /// retained transaction) one transaction at a time; the sync module, which reads from the
    /// sync mark, starts at once.
    public func transactions(from sequence: UInt64) throws(JournalError) -> TransactionCursor {
        let start = try locked { (engine) throws(JournalError) -> UInt64 in
            try engine.resolveOldest()
            guard sequence >= engine.oldestSequence else {
                throw .sequenceNotRetained(requested: sequence, oldest: engine.oldestSequence)
            }
            guard sequence <= engine.lastSequence + 1 else {
                throw .sequenceBeyondHead(requested: sequence, last: engine.lastSequence)
            }
            var (number, next) =
                sequence > engine.syncSequence
                ? (engine.syncRecord, engine.syncSequence + 1) : (engine.oldestRecord, engine.oldestSequence)
            while next < sequence {
                guard let record = try engine.readRecord(number), record.sequence == next, record.part == 0 else {
                    throw .unexpectedRecord(recordNumber: number, "expected the start of transaction \(next)")
                }
                number += UInt64(record.partCount)
                next += 1
            }
            return number
        }
        return TransactionCursor(journal: self, record: start, sequence: sequence)
    }
}
