/// The buffers of a pass over the ring (``SlotReader``): each holds the bytes of one run of
/// slots, what ``RecordCodec/check(_:computedChecksum:slotIndex:geometry:numberOfSlot:)`` found
/// in each of them, the run as a ``ChainPiece`` if it is one, and the error of the run's read
/// if it failed.
///
/// Filling a buffer (``fill(_:with:from:)``) is all the costly part of a pass: a `pread`, a
/// checksum and a check of every record. Buffers are independent, so two threads may fill two
/// buffers at once. Who may touch which buffer when is the pass's business: ``SlotReader``
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
    }

    deinit {
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
        let results = checks + index * slotsPerRun
        for k in 0..<run.count {
            results[k] = RecordCodec.check(
                UnsafeRawBufferPointer(start: base + k * recordSize, count: recordSize),
                computedChecksum: computed[k], slotIndex: run.firstSlot + Int64(k), geometry: geometry,
                numberOfSlot: run.firstRecord + UInt64(k))
        }
        pieces[index] = ChainPiece(results, count: run.count, firstRecord: run.firstRecord)
    }

    /// What the checks of filled buffer `index` found, one per slot of its run, and the run as
    /// a piece of the walk's chain if it is one.
    func checks(_ index: Int) throws(StorageError) -> (checks: UnsafePointer<Check>, piece: ChainPiece?) {
        if let failure = failures[index] { throw failure }
        return (UnsafePointer(checks + index * slotsPerRun), pieces[index])
    }
}
