import Synchronization
import SystemPackage

/// An in-memory journal device that loses power and fails on demand, in the style of SQLite's
/// crash VFS (`src/test6.c`) and littlefs's emulated block device (`bd/lfs_emubd.h`).
///
/// It keeps two images: what has reached the medium (`durable`) and what reads see (`cached`,
/// the page cache). A write changes the cache and marks its 512-byte sectors dirty; a sync copies
/// the dirty sectors to the medium. When power is cut, each dirty sector is, by the chosen
/// ``CrashPolicy``, written, dropped (the medium keeps its old bytes) or turned to garbage.
///
/// A failed sync behaves as Linux does: the dirty sectors are marked clean whether or not they
/// reached the medium (the policy decides; by default they did not) while reads still return the
/// new bytes. An engine that retries the sync and believes its data is safe is caught by this.
public final class SimulatedDisk: JournalStorage {
    public static let sectorSize = 512

    /// What happens to one dirty sector when power is cut or a sync fails.
    public enum SectorFate: Sendable, CaseIterable { case written, dropped, garbage }

    /// How the dirty sectors fare when power is cut.
    public enum CrashPolicy: Sendable, Equatable {
        case keepAll, dropAll, garbageAll
        /// Each sector independently written, dropped or garbage, from `seed`.
        case random(seed: UInt64)
    }

    /// Whether an injected error strikes once or every time after it starts.
    public enum Persistence: Sendable { case once, persistent }

    /// A fault to inject. Counts are of calls made after the fault is scheduled.
    public enum Fault: Sendable {
        /// Power is cut right after the `n`th write (n ≥ 1) completes; later calls fail.
        case powerCutAfterWrite(Int)
        /// Power is cut right after the `n`th data or full sync completes.
        case powerCutAfterSync(Int)
        /// The `n`th write (n ≥ 1) and, if persistent, every later one fails with `errno`.
        case writeError(Errno, atWrite: Int, Persistence)
        /// The `n`th sync and, if persistent, every later one fails with `errno`.
        case syncError(Errno, atSync: Int, Persistence, fate: SectorFate = .dropped)
    }

    struct State {
        var durable: [UInt8]
        var cached: [UInt8]
        var dirty: Set<Int> = []
        var powered = true
        var writes = 0
        var syncs = 0
        var bytesWritten = 0
        var fault: Fault?
        var faultBaseWrites = 0
        var faultBaseSyncs = 0
    }

    public let size: Int64
    let state: Mutex<State>

    /// A blank (all zero) device of `size` bytes.
    public init(size: Int64) {
        self.size = size
        let zeros = [UInt8](repeating: 0, count: Int(size))
        state = Mutex(State(durable: zeros, cached: zeros))
    }

    /// A device whose medium holds `image`.
    public init(image: [UInt8]) {
        size = Int64(image.count)
        state = Mutex(State(durable: image, cached: image))
    }

    // MARK: Fault control

    /// Schedules `fault`, replacing any earlier one. Counting starts now.
    public func inject(_ fault: Fault) {
        state.withLock {
            $0.fault = fault
            $0.faultBaseWrites = $0.writes
            $0.faultBaseSyncs = $0.syncs
        }
    }

    /// Removes any scheduled fault.
    public func clearFault() { state.withLock { $0.fault = nil } }

    /// Cuts power now: every later call fails until ``restorePower(_:)``.
    public func cutPower() { state.withLock { $0.powered = false } }

    /// Settles the dirty sectors by `policy` (as if the machine had lost power, if it was still
    /// on), clears faults, and powers the device back on; the cache then equals the medium.
    public func restorePower(_ policy: CrashPolicy) {
        state.withLock { s in
            var rng = SplitMix64(seed: { if case .random(let seed) = policy { seed } else { 0 } }())
            for sector in s.dirty.sorted() {
                let fate: SectorFate =
                    switch policy {
                    case .keepAll: .written
                    case .dropAll: .dropped
                    case .garbageAll: .garbage
                    case .random: SectorFate.allCases[Int(rng.next() % 3)]
                    }
                Self.settle(sector, fate, &s, &rng)
            }
            s.dirty = []
            s.cached = s.durable
            s.powered = true
            s.fault = nil
        }
    }

    /// Powers the device back on after a cut with every dirty sector settled by `policy`.
    public func powerCycle(_ policy: CrashPolicy) {
        cutPower()
        restorePower(policy)
    }

    // MARK: Inspection and damage

    /// What has reached the medium.
    public var durableImage: [UInt8] { state.withLock { $0.durable } }
    /// What reads return.
    public var cachedImage: [UInt8] { state.withLock { $0.cached } }
    /// Write calls made so far.
    public var writeCount: Int { state.withLock { $0.writes } }
    /// Sync calls made so far.
    public var syncCount: Int { state.withLock { $0.syncs } }
    /// Bytes passed to write calls so far.
    public var bytesWritten: Int { state.withLock { $0.bytesWritten } }
    /// Whether the device is on.
    public var isPowered: Bool { state.withLock { $0.powered } }

    /// Overwrites bytes on the medium and in the cache, behind the engine's back.
    public func damage(at offset: Int, with bytes: [UInt8]) {
        state.withLock { s in
            for (i, byte) in bytes.enumerated() {
                s.durable[offset + i] = byte
                s.cached[offset + i] = byte
            }
        }
    }

    /// Flips bit `bit` (0 ... 7) of the byte at `offset`, on the medium and in the cache.
    public func flipBit(at offset: Int, bit: Int = 0) {
        state.withLock { s in
            s.durable[offset] ^= UInt8(1 << bit)
            s.cached[offset] ^= UInt8(1 << bit)
        }
    }

    // MARK: JournalStorage

    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(StorageError) {
        try state.withLock { (s: inout State) throws(StorageError) in
            try Self.check(&s, .read)
            guard offset >= 0, offset + Int64(buffer.count) <= size else { throw StorageError(.read, .ioError) }
            s.cached.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[Int(offset)..<(Int(offset) + buffer.count)]))
            }
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(StorageError) {
        try state.withLock { (s: inout State) throws(StorageError) in
            try Self.check(&s, .write)
            guard offset >= 0, offset + Int64(bytes.count) <= size else { throw StorageError(.write, .noSpace) }
            s.writes += 1
            let nth = s.writes - s.faultBaseWrites
            if case .writeError(let errno, let at, let persistence)? = s.fault,
                nth == at || (persistence == .persistent && nth > at)
            {
                throw StorageError(.write, errno)
            }
            let start = Int(offset)
            for i in 0..<bytes.count { s.cached[start + i] = bytes[i] }
            if bytes.count > 0 {
                for sector in (start / Self.sectorSize)...((start + bytes.count - 1) / Self.sectorSize) {
                    s.dirty.insert(sector)
                }
            }
            s.bytesWritten += bytes.count
            if case .powerCutAfterWrite(let n)? = s.fault, nth == n { s.powered = false }
        }
    }

    public func syncData() throws(StorageError) { try sync(.syncData) }
    public func syncAll() throws(StorageError) { try sync(.syncAll) }

    /// Closing does not stop the device: like one file opened by several descriptors, it stays
    /// usable by every journal object opened on it (each object refuses calls after its own close).
    public func close() throws(StorageError) {
        try state.withLock { (s: inout State) throws(StorageError) in try Self.check(&s, .close) }
    }

    /// Checks the device can be opened again (it is powered).
    public func reopen() throws(StorageError) {
        try state.withLock { (s: inout State) throws(StorageError) in
            guard s.powered else { throw StorageError(.open, .ioError, isSimulatedPowerCut: true) }
        }
    }

    private func sync(_ operation: StorageError.Operation) throws(StorageError) {
        try state.withLock { (s: inout State) throws(StorageError) in
            try Self.check(&s, operation)
            s.syncs += 1
            let nth = s.syncs - s.faultBaseSyncs
            if case .syncError(let errno, let at, let persistence, let fate)? = s.fault,
                nth == at || (persistence == .persistent && nth > at)
            {
                var rng = SplitMix64(seed: UInt64(s.syncs))
                for sector in s.dirty.sorted() { Self.settle(sector, fate, &s, &rng) }
                s.dirty = []  // Marked clean, as Linux does, whatever reached the medium.
                throw StorageError(operation, errno)
            }
            var rng = SplitMix64(seed: 0)
            for sector in s.dirty { Self.settle(sector, .written, &s, &rng) }
            s.dirty = []
            if case .powerCutAfterSync(let n)? = s.fault, nth == n { s.powered = false }
        }
    }

    private static func check(_ s: inout State, _ operation: StorageError.Operation) throws(StorageError) {
        guard s.powered else { throw StorageError(operation, .ioError, isSimulatedPowerCut: true) }
    }

    private static func settle(_ sector: Int, _ fate: SectorFate, _ s: inout State, _ rng: inout SplitMix64) {
        let range = (sector * sectorSize)..<min((sector + 1) * sectorSize, s.durable.count)
        switch fate {
        case .written: for i in range { s.durable[i] = s.cached[i] }
        case .dropped: break
        case .garbage: for i in range { s.durable[i] = UInt8(truncatingIfNeeded: rng.next()) }
        }
    }
}
