/// The chain of transactions the recovery walk (``RingScanner``) has accepted: records in
/// order, each one either the next part of the open transaction or the first part of the next.
struct WalkChain {
    /// A transaction begun in the chain and not complete yet.
    struct OpenTransaction {
        var start: UInt64
        var sequence: UInt64
        var count: Int
        var next: Int
        var timestamp: UInt64
    }

    /// Record number one past the last record of the last complete transaction.
    var head: UInt64
    /// Sequence of the last complete transaction.
    var lastSequence: UInt64
    var open: OpenTransaction?
    /// Timestamp of the first transaction the chain completed.
    var firstTimestamp: UInt64?

    /// Accepts `record` if it continues the chain; completes a transaction at its last part.
    mutating func extend(_ record: RecordHeader) -> Bool {
        if let current = open {
            guard record.sequence == current.sequence, record.part == current.next,
                record.partCount == current.count, record.timestamp == current.timestamp
            else { return false }
            open!.next += 1
        } else {
            guard record.sequence == lastSequence + 1, record.part == 0 else { return false }
            open = OpenTransaction(
                start: record.recordNumber, sequence: record.sequence, count: record.partCount, next: 1,
                timestamp: record.timestamp)
        }
        if open!.next == open!.count {
            head = record.recordNumber + 1
            lastSequence = record.sequence
            if firstTimestamp == nil { firstTimestamp = record.timestamp }
            open = nil
        }
        return true
    }

    /// Takes a whole run's ``ChainPiece`` if its first record continues the chain (the rest of
    /// the piece then continues it too); false, and the chain unchanged, if not.
    mutating func extend(by piece: ChainPiece) -> Bool {
        var trial = self
        guard trial.extend(piece.first) else { return false }
        // After its first record the piece's own chain and this one agree in all that decides
        // what is accepted next (the open transaction; the last sequence, which is the open
        // one's minus one or, at a part 0, the first record's minus one): so they accept the
        // same records, and this chain ends where the piece's does.
        open = piece.end.open
        lastSequence = piece.end.lastSequence
        if let completedAt = piece.end.firstTimestamp {
            head = piece.end.head
            if firstTimestamp == nil { firstTimestamp = completedAt }
        }
        return true
    }
}

/// A run of slots that can join the walk whole: each holds a valid record numbered for it,
/// and each record continues the chain of those before it. Worked out by whoever filled the
/// run (``RunBuffers``), so that the walk takes it in one step instead of record by record.
struct ChainPiece {
    /// The run's first record: the walk takes the piece if it takes this record.
    var first: RecordHeader
    /// The chain after the run's last record, started just before the first record (as if the
    /// transaction before it was the last complete one, or its own first parts were accepted):
    /// `firstTimestamp` is set, with `head`, only if a transaction completes in the run.
    var end: WalkChain

    /// The piece made of the `count` records `check(0 ..< count)` finds (the records expected at
    /// record numbers `first ...`), or `nil` if one is not a valid record numbered for its slot
    /// or breaks the chain. `check` is called in order, up to the first record that does not fit.
    @inline(__always)
    init?(count: Int, firstRecord: UInt64, check: (Int) -> Result<RecordHeader, RecordDefect>) {
        guard count > 0, case .success(let first) = check(0), first.recordNumber == firstRecord else { return nil }
        var chain = WalkChain(head: firstRecord, lastSequence: first.sequence - 1)
        if first.part > 0 {
            chain.open = WalkChain.OpenTransaction(
                start: first.recordNumber - UInt64(first.part), sequence: first.sequence, count: first.partCount,
                next: first.part, timestamp: first.timestamp)
        }
        guard chain.extend(first) else { return nil }
        for k in 1..<count {
            guard case .success(let record) = check(k), record.recordNumber == firstRecord + UInt64(k),
                chain.extend(record)
            else { return nil }
        }
        self.first = first
        end = chain
    }
}
