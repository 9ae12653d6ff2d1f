/// What one recovery pass over the ring found.
struct ScanResult: Equatable {
    /// Record number one past the last record of the last complete transaction.
    var head: UInt64
    /// Sequence of the last complete transaction (the sync mark's when none follows it).
    var lastSequence: UInt64
    /// Timestamp of the first transaction after the sync mark.
    var oldestUnsyncedTimestamp: UInt64?
    /// First record and sequence of the oldest complete transaction still held in the ring.
    var oldestRecord: UInt64
    var oldestSequence: UInt64
    /// Slots just after the head left by an interrupted append (ignored, as a torn tail).
    var interruptedAppendSlots: Int64
    /// Damage found: live damage makes opening fail; history damage is reported by verify.
    var report: CorruptionReport
}

/// The recovery rule, as one pass over every slot in ring order starting at the sync mark.
///
/// 1. **Walk.** From the sync mark's record number `S`, each slot must hold, in order, the
///    record numbered for it in the current lap, with a valid checksum, continuing the
///    transaction chain (same sequence and the next part, or the next sequence at part 0).
///    The head is the end of the last complete transaction met.
/// 2. **After the walk stops**, only the one append that was in flight at a crash may have left
///    traces: records of transaction `last + 1` starting at the head, or stale leftovers of an
///    earlier failed append within `maxRecordsPerTransaction` slots of the head. Any other
///    current-lap record further on proves that committed data lies beyond the break: every
///    bad slot between is then reported as live corruption, never cut off as a torn tail.
/// 3. **History.** The slots after the head hold the previous lap: records `S + i - N`. The
///    oldest retained transaction is the start of the unbroken, complete chain of those that
///    ends at `S - 1`. Bad history slots outside the torn window are history damage.
///
/// Time O(slotCount) (one sequential read of the file), memory O(1) beyond the read buffer.
struct RingScanner {
    let geometry: JournalGeometry
    let syncRecord: UInt64
    let syncSequence: UInt64
    private let maxParts: UInt64
    private let slotCount: UInt64

    // Walk
    private var walking = true
    private var chain: WalkChain
    private var head: UInt64 { chain.head }
    private var lastSequence: UInt64 { chain.lastSequence }

    // After the walk
    private var tornWindowEnd: UInt64 = 0
    private var pending: [CorruptSlot] = []
    private var pendingCount: Int64 = 0
    private var historyDamage = CorruptionReport()
    private var interrupted: Int64 = 0
    private var report = CorruptionReport()

    // History chain
    private var run: (start: UInt64, startSequence: UInt64, sequence: UInt64, count: Int, next: Int)?

    init(geometry: JournalGeometry, syncRecord: UInt64, syncSequence: UInt64) {
        self.geometry = geometry
        self.syncRecord = syncRecord
        self.syncSequence = syncSequence
        maxParts = UInt64(geometry.maxRecordsPerTransaction)
        slotCount = UInt64(geometry.slotCount)
        chain = WalkChain(head: syncRecord, lastSequence: syncSequence)
    }

    /// Runs the pass over `storage`.
    static func scan(
        _ reader: borrowing SlotReader, syncRecord: UInt64, syncSequence: UInt64
    ) throws(JournalError) -> ScanResult {
        var scanner = RingScanner(geometry: reader.geometry, syncRecord: syncRecord, syncSequence: syncSequence)
        try reader.forEachRun(from: syncRecord, count: reader.geometry.slotCount) { run, piece, slotChecks in
            if scanner.walking, let piece, scanner.chain.extend(by: piece) { return }
            let checks = slotChecks()
            for k in 0..<run.count {
                scanner.visit(run.firstRecord + UInt64(k), slot: run.firstSlot + Int64(k), checks[k])
            }
        }
        return scanner.finish()
    }

    mutating func visit(_ number: UInt64, slot: Int64, _ check: Result<RecordHeader, RecordDefect>) {
        if walking {
            if case .success(let record) = check, record.recordNumber == number, chain.extend(record) { return }
            walking = false
            tornWindowEnd = head + maxParts
            chain.open = nil
            addPending(number, slot, problem: describe(check, number))
            if case .success(let record) = check, record.recordNumber == number, !explainedByInterruptedAppend(record) {
                evidence()  // A valid record out of order: the chain is broken here, not torn.
            }
            visitHistory(number, slot, check)
            return
        }
        if case .success(let record) = check, record.recordNumber == number {
            if explainedByInterruptedAppend(record) {
                interrupted += 1
            } else {
                evidence()
            }
            run = nil
            return
        }
        addPending(number, slot, problem: describe(check, number))
        visitHistory(number, slot, check)
    }

    /// Whether a current-lap record after the break can be a trace of the one append in flight
    /// (a part of transaction `last + 1` starting at the head) or a leftover of an earlier failed
    /// append (an already-used sequence within the torn window).
    private func explainedByInterruptedAppend(_ record: RecordHeader) -> Bool {
        let start = record.recordNumber - UInt64(record.part)
        if record.sequence == lastSequence + 1 && start == head { return true }
        return record.sequence <= lastSequence && record.recordNumber < tornWindowEnd
    }

    func finish() -> ScanResult {
        var report = report
        for slot in historyDamage.slots { report.add(slot) }
        report.historyCount += historyDamage.historyCount - Int64(historyDamage.slots.count)
        var oldest = (record: syncRecord, sequence: syncSequence + 1)
        if report.liveCount == 0, let run, run.next == run.count, run.sequence == syncSequence {
            oldest = (run.start, run.startSequence)
        }
        return ScanResult(
            head: head, lastSequence: lastSequence,
            oldestUnsyncedTimestamp: chain.firstTimestamp, oldestRecord: oldest.record, oldestSequence: oldest.sequence,
            interruptedAppendSlots: report.liveCount == 0 ? interrupted : 0, report: report)
    }

    // MARK: Steps

    /// A current-lap record beyond the break that no interrupted append explains: committed
    /// data lies past the break, so every bad slot since the head is live corruption.
    private mutating func evidence() {
        for slot in pending { report.add(slot) }
        report.liveCount += pendingCount - Int64(pending.count)
        pending = []
        pendingCount = 0
        historyDamage = CorruptionReport()
        interrupted = 0
        run = nil
    }

    private mutating func addPending(_ number: UInt64, _ slot: Int64, problem: String) {
        pendingCount += 1
        if pending.count < CorruptionReport.limit {
            pending.append(
                CorruptSlot(
                    region: .live, slot: slot, fileOffset: geometry.offset(ofSlot: slot),
                    expectedRecordNumber: number, problem: problem))
        }
    }

    /// Follows the previous lap's chain in the slots after the head.
    private mutating func visitHistory(_ number: UInt64, _ slot: Int64, _ check: Result<RecordHeader, RecordDefect>) {
        guard number >= slotCount else { return }  // Nothing was committed here in an earlier lap.
        let previous = number - slotCount
        guard case .success(let record) = check, record.recordNumber == previous else {
            run = nil
            if number >= tornWindowEnd {
                historyDamage.add(
                    CorruptSlot(
                        region: .history, slot: slot, fileOffset: geometry.offset(ofSlot: slot),
                        expectedRecordNumber: previous, problem: describe(check, previous)))
            }
            return
        }
        if let current = run, current.next < current.count {
            if record.sequence == current.sequence, record.part == current.next, record.partCount == current.count {
                run!.next += 1
                return
            }
        } else if let current = run, record.sequence == current.sequence + 1, record.part == 0 {
            run = (current.start, current.startSequence, record.sequence, record.partCount, 1)
            return
        }
        // A chain starts only at the first part of a transaction; parts of one whose start was
        // overwritten by the current lap are skipped.
        run = record.part == 0 ? (previous, record.sequence, record.sequence, record.partCount, 1) : nil
    }

    private func describe(_ check: Result<RecordHeader, RecordDefect>, _ expected: UInt64) -> String {
        switch check {
        case .failure(let defect): return defect.description
        case .success(let record) where record.recordNumber < expected:
            return "record \(record.recordNumber) from an earlier lap"
        case .success(let record) where record.recordNumber > expected:
            return "record \(record.recordNumber) from a later lap"
        case .success(let record):
            return "transaction \(record.sequence) part \(record.part + 1)/\(record.partCount) "
                + "breaks the chain after transaction \(lastSequence)"
        }
    }
}
