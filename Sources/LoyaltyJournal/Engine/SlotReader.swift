import CProcessorPlacement
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads runs of record slots in ring order with sequential reads into a few reused buffers, so
/// walking the whole ring costs one pass over the file in bounded memory, and hands each run, in
/// order, to the caller with what ``RecordCodec`` found in each of its slots.
///
/// Getting the bytes (a `pread`, a copy out of the page cache), checksumming and checking them
/// are almost all the work of a pass, and each run's share is independent of the others'. On a
/// machine with more than one processor a helper thread takes runs too: both threads fill
/// buffers while the caller's thread also hands the filled ones over in order. On one
/// processor, or for a pass of a single run, the caller's thread does it all.
struct SlotReader: ~Copyable {
    /// Bytes of one run: large enough that a read is mostly copying, small enough that its
    /// records are still in the processor's cache when they are checksummed.
    static let defaultChunkBytes = 256 << 10
    /// Buffers of a pass: enough that a filled one is waiting whenever the visitor needs it.
    static let bufferCount = 4
    /// Processors this process may run on: a helper thread only pays off when it has one of its
    /// own.
    static let processorCount = Int(journal_allowed_processor_count())

    let storage: any JournalStorage
    let geometry: JournalGeometry
    private let buffers: RunBuffers
    private let useHelper: Bool

    /// A reader of `storage`'s slots in runs of `chunkBytes`; `helper` forces the helper thread
    /// on or off (tests), `nil` decides by the number of processors.
    init(
        storage: any JournalStorage, geometry: JournalGeometry,
        chunkBytes: Int = SlotReader.defaultChunkBytes, helper: Bool? = nil
    ) {
        self.storage = storage
        self.geometry = geometry
        let slots = max(1, min(Int64(chunkBytes / geometry.recordSize), geometry.slotCount))
        buffers = RunBuffers(count: SlotReader.bufferCount, slotsPerRun: Int(slots), geometry: geometry)
        useHelper = helper ?? (SlotReader.processorCount > 1)
    }

    /// Calls `body` for the runs covering record numbers `first ..< first + count`
    /// (count ≤ slotCount), in order, with the run as a ``ChainPiece`` if it is one, and a way
    /// to get what ``RecordCodec/check(_:computedChecksum:slotIndex:geometry:numberOfSlot:)``
    /// found in each slot of the run (expecting the number that maps there; valid until `body`
    /// returns). A failed read throws ``JournalError/io(_:)`` once the runs before it are
    /// visited.
    func forEachRun(
        from first: UInt64, count: Int64,
        _ body: (
            _ run: SlotRuns.Run, _ piece: ChainPiece?, _ checks: () -> UnsafePointer<RunBuffers.Check>
        ) throws(JournalError) -> Void
    ) throws(JournalError) {
        let runs = SlotRuns(geometry: geometry, first: first, count: count, slotsPerRun: Int64(buffers.slotsPerRun))
        let pass = RunPass(storage: storage, runs: runs, buffers: buffers)
        if useHelper && runs.count > 1 { pass.startHelper() }
        defer { pass.finish() }
        for index in 0..<runs.count {
            let piece: ChainPiece?
            do { piece = try pass.awaitRun(index) } catch { throw .io(error) }
            let run = runs.run(index)
            try body(run, piece) { buffers.slotChecks(index % buffers.count, of: run) }
            pass.release(index)
        }
    }
}

/// The schedule of one pass: which run goes into which buffer, and who fills it.
///
/// Runs are claimed in order (a compare-and-swap on `claimed`) by whichever thread is free: the
/// helper, or the visitor while its next run is not filled yet. Run `i` goes into buffer
/// `i % bufferCount` and may be claimed only once run `i - bufferCount` is visited (`visited`),
/// so no buffer is overwritten before it is done with. A filler publishes run `i` in its
/// buffer's ``FillMark`` (release ordering; the visitor reads it with acquire ordering), and the
/// visitor publishes each visited run in `visited` for the fillers in the same way: together
/// they order every access to the buffers.
///
/// A thread that can do nothing waits (``SpinThenSleep``) on its semaphore: the helper on
/// `helperWake` (signalled after each visit), the visitor on `visitorWake` (signalled after each
/// fill by the helper). Signals may outnumber sleeps; a woken thread looks again, so none is lost
/// and an extra one only costs a look. (No timed waits: a zero timeout still sleeps for the timer
/// slack.)
///
/// The helper is a pool thread, and the scheduler often wakes it on the visitor's processor,
/// where the two only take turns. So for the pass the helper keeps off the processor the visitor
/// ran on when the pass began (its affinity is put back before it returns to the pool), and each
/// thread notes where it runs, so that neither spins while the other waits for its processor.
private final class RunPass: @unchecked Sendable {
    private let storage: any JournalStorage
    private let runs: SlotRuns
    private let buffers: RunBuffers
    private let marks: [FillMark]
    private let claimed = Atomic<Int>(0)
    private let visited = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let helperWake = DispatchSemaphore(value: 0)
    private let visitorWake = DispatchSemaphore(value: 0)
    private var helperFinished: DispatchSemaphore?
    private let helperState = Atomic<HelperState>(.pending)
    /// The processor each thread ran on when it last noted it (−1: not yet, or unknown).
    private let visitorProcessor = Atomic<Int>(-1)
    private let helperProcessor = Atomic<Int>(-1)

    init(storage: any JournalStorage, runs: SlotRuns, buffers: RunBuffers) {
        self.storage = storage
        self.runs = runs
        self.buffers = buffers
        marks = (0..<buffers.count).map { _ in FillMark() }
    }

    /// Starts the helper thread, which fills runs until none is left or the pass stops.
    func startHelper() {
        let finished = DispatchSemaphore(value: 0)
        helperFinished = finished
        let visitorStarted = Int(journal_current_processor())
        visitorProcessor.store(visitorStarted, ordering: .relaxed)
        // A pool thread starts in tens of microseconds; a new thread may take milliseconds.
        DispatchQueue.global(qos: .userInitiated).async {
            // A helper that comes after the pass has ended touches nothing (see `finish`).
            guard self.helperState.compareExchange(expected: .pending, desired: .running, ordering: .acquiring).exchanged
            else { return }
            var affinity = journal_processor_mask()
            let moved = journal_avoid_processor(Int32(visitorStarted), &affinity) != 0
            while let index = self.nextRunForHelper() {
                self.fill(index)
                self.helperProcessor.store(Int(journal_current_processor()), ordering: .relaxed)
                self.visitorWake.signal()
            }
            finished.signal()
            if moved { journal_restore_processors(&affinity) }
        }
    }

    /// The next run for the helper to fill, once its buffer is free; `nil` when every run is
    /// claimed or the pass stops.
    private func nextRunForHelper() -> Int? {
        var index: Int?
        SpinThenSleep.wait(on: helperWake, otherProcessor: { visitorProcessor.load(ordering: .relaxed) }) {
            if stopping.load(ordering: .relaxed) || claimed.load(ordering: .relaxed) >= runs.count { return true }
            index = claim()
            return index != nil
        }
        return index
    }

    /// The next run, if one is left and its buffer is free; it is then the caller's to fill.
    private func claim() -> Int? {
        var next = claimed.load(ordering: .relaxed)
        while next < runs.count, next < visited.load(ordering: .acquiring) + buffers.count {
            let (claimedIt, current) = claimed.compareExchange(
                expected: next, desired: next + 1, ordering: .relaxed)
            if claimedIt { return next }
            next = current
        }
        return nil
    }

    private func fill(_ index: Int) {
        let buffer = index % buffers.count
        buffers.fill(buffer, with: runs.run(index), from: storage)
        marks[buffer].run.store(index, ordering: .releasing)
    }

    /// Run `index` as a piece of chain (if it is one) once its buffer is filled; the visitor
    /// fills runs itself while it waits, when one is left and its buffer is free.
    func awaitRun(_ index: Int) throws(StorageError) -> ChainPiece? {
        let buffer = index % buffers.count
        while marks[buffer].run.load(ordering: .acquiring) != index {
            if let claimedRun = claim() {
                fill(claimedRun)
            } else {
                SpinThenSleep.wait(on: visitorWake, otherProcessor: { helperProcessor.load(ordering: .relaxed) }) {
                    marks[buffer].run.load(ordering: .acquiring) == index
                }
            }
        }
        return try buffers.piece(buffer)
    }

    /// Marks run `index` as visited: its buffer may be filled again.
    func release(_ index: Int) {
        visited.store(index + 1, ordering: .releasing)
        visitorProcessor.store(Int(journal_current_processor()), ordering: .relaxed)
        helperWake.signal()
    }

    /// Stops the helper (if any) and waits for it: the buffers outlive no thread that fills them.
    /// A helper that has not started yet (a busy pool) is called off instead of waited for.
    func finish() {
        guard let helperFinished else { return }
        if helperState.compareExchange(expected: .pending, desired: .calledOff, ordering: .relaxed).exchanged { return }
        stopping.store(true, ordering: .relaxed)
        helperWake.signal()  // Wakes a helper waiting for a buffer; it sees `stopping` and leaves.
        helperFinished.wait()
    }
}

/// Whether a pass's helper has started, or was called off before it could.
private enum HelperState: UInt8, AtomicRepresentable {
    case pending, running, calledOff
}

/// The run a buffer holds once filled (−1 before its first).
private final class FillMark: Sendable {
    let run = Atomic<Int>(-1)
}
