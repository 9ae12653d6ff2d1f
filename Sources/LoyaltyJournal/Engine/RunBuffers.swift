/// The buffers of a pass over the ring (``SlotReader``): each holds the bytes of one run of
/// slots, the run as a ``ChainPiece`` if it is one, what
/// ``RecordCodec/check(_:computedChecksum:slotIndex:geometry:numberOfSlot:)`` found in each of
/// its slots, and the error of the run's read if it failed.
///
/// Filling a buffer (``fill(_:with:from:)``) is all the costly part of a pass: a `pread`, a
/// checksum and a check of every record. The checks go straight into the piece; the per-slot
/// results are kept only for a run that is not one, or worked out when the walk asks for them
/// (it seldom does for a piece), from the bytes still in the buffer. Buffers are independent,
/// so two threads may fill two buffers at once. Who may touch which buffer when is the pass's business: ``SlotReader``
/// orders every access (atomic marks with acquire and release ordering), which is why the class
/// is `@unchecked Sendable`.
final class RunBuffers: @unchecked Sendable {
    typealias Check = Result<RecordHeader, RecordDefect>

    let count: Int
    let slotsPerRun: Int
    let geometry: JournalGeometry
    private let memory: UnsafeMutableRawPointer
    /// Per buffer, the CRC-32C computed over each record (all but its own checksum field), and
    /// what computes them (it keeps constants it worked out, so it is the buffer's own).
    private let checksums: UnsafeMutablePointer<UInt32>
    private let checksummers: UnsafeMutablePointer<BatchChecksums>
    private let checks: UnsafeMutablePointer<Check>
    /// Per buffer, its run as one piece of the walk's chain, if it is one.
    private let pieces: UnsafeMutablePointer<ChainPiece?>
    private let failures: UnsafeMutablePointer<StorageError?>
    /// Per buffer, whether `checks` holds its run's results yet.
    private let checksReady: UnsafeMutablePointer<Bool>

    init(count: Int, slotsPerRun: Int, geometry: JournalGeometry) {
        self.count = count
        self.slotsPerRun = slotsPerRun
        self.geometry = geometry
        memory = .allocate(byteCount: count * slotsPerRun * geometry.recordSize, alignment: 4096)
        checksums = .allocate(capacity: count * slotsPerRun)
        checksummers = .allocate(capacity: count)
        for index in 0..<count { (checksummers + index).initialize(to: BatchChecksums(recordSize: geometry.recordSize)) }
        checks = .allocate(capacity: count * slotsPerRun)
        checks.initialize(repeating: .failure(.blank), count: count * slotsPerRun)
        pieces = .allocate(capacity: count)
        pieces.initialize(repeating: nil, count: count)
        failures = .allocate(capacity: count)
        failures.initialize(repeating: nil, count: count)
        checksReady = .allocate(capacity: count)
        checksReady.initialize(repeating: false, count: count)
    }

    deinit {
        checksReady.deallocate()
        failures.deinitialize(count: count)
        failures.deallocate()
        pieces.deinitialize(count: count)
        pieces.deallocate()
        checks.deinitialize(count: count * slotsPerRun)
        checks.deallocate()
        checksummers.deinitialize(count: count)
        checksummers.deallocate()
        checksums.deallocate()
        memory.deallocate()
    }

    /// Reads `run` into buffer `index`, checksums and checks its records; a failed read is kept
    /// for ``checks(_:)`` to throw.
    func fill(_ index: Int, with run: SlotRuns.Run, from storage: any JournalStorage) {
        let recordSize = geometry.recordSize
        let base = memory + index * slotsPerRun * recordSize
        let bytes = UnsafeMutableRawBufferPointer(start: base, count: run.count * recordSize)
        do throws(StorageError) {
            try storage.read(into: bytes, at: geometry.offset(ofSlot: run.firstSlot))
            failures[index] = nil
        } catch {
            failures[index] = error
            return
        }
        let computed = checksums + index * slotsPerRun
        checksummers[index].compute(base, count: run.count, into: computed)
        checksReady[index] = false
        pieces[index] = ChainPiece(count: run.count, firstRecord: run.firstRecord) { k in
            check(slot: k, of: run, at: base, checksum: computed[k])
        }
        // The walk looks at every slot of a run that is not a piece.
        if pieces[index] == nil { workOutChecks(index, run) }
    }

    @inline(__always)
    private func check(slot k: Int, of run: SlotRuns.Run, at base: UnsafeMutableRawPointer, checksum: UInt32) -> Check {
        RecordCodec.check(
            UnsafeRawBufferPointer(start: base + k * geometry.recordSize, count: geometry.recordSize),
            computedChecksum: checksum, slotIndex: run.firstSlot + Int64(k), geometry: geometry,
            numberOfSlot: run.firstRecord + UInt64(k))
    }

    private func workOutChecks(_ index: Int, _ run: SlotRuns.Run) {
        let base = memory + index * slotsPerRun * geometry.recordSize
        let computed = checksums + index * slotsPerRun
        let results = checks + index * slotsPerRun
        for k in 0..<run.count { results[k] = check(slot: k, of: run, at: base, checksum: computed[k]) }
        checksReady[index] = true
    }

    /// Filled buffer `index`'s run as a piece of the walk's chain, if it is one; throws the
    /// error of its read if that failed.
    func piece(_ index: Int) throws(StorageError) -> ChainPiece? {
        if let failure = failures[index] { throw failure }
        return pieces[index]
    }

    /// What the checks of filled buffer `index` found, one per slot of `run` (the run it was
    /// filled with): worked out now if the fill did not need them. Only by the thread that visits
    /// the buffer, before it releases it.
    func slotChecks(_ index: Int, of run: SlotRuns.Run) -> UnsafePointer<Check> {
        if !checksReady[index] { workOutChecks(index, run) }
        return UnsafePointer(checks + index * slotsPerRun)
    }
}
