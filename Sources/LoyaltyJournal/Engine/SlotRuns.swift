/// The reads of one pass over record numbers `first ..< first + count` of the ring: runs of at
/// most `slotsPerRun` consecutive slots, in ring order, none crossing the end of the ring (so
/// each is one `pread`). Run `i` is computed, not stored: memory stays constant whatever the
/// journal's size.
struct SlotRuns: Sendable {
    /// One read: `count` slots from `firstSlot`, holding record numbers from `firstRecord`.
    struct Run: Sendable, Equatable {
        var firstRecord: UInt64
        var firstSlot: Int64
        var count: Int
    }

    let geometry: JournalGeometry
    let first: UInt64
    let slotsPerRun: Int64
    /// Runs before the pass reaches the end of the ring, and in all.
    private let runsBeforeWrap: Int
    private let slotsBeforeWrap: Int64
    private let total: Int64
    let count: Int

    init(geometry: JournalGeometry, first: UInt64, count: Int64, slotsPerRun: Int64) {
        precondition(count <= geometry.slotCount && slotsPerRun > 0)
        self.geometry = geometry
        self.first = first
        self.slotsPerRun = slotsPerRun
        total = count
        slotsBeforeWrap = min(count, geometry.slotCount - geometry.slot(of: first))
        runsBeforeWrap = Int((slotsBeforeWrap + slotsPerRun - 1) / slotsPerRun)
        let afterWrap = count - slotsBeforeWrap
        self.count = runsBeforeWrap + Int((afterWrap + slotsPerRun - 1) / slotsPerRun)
    }

    /// Run `index` (`0 ..< count`).
    func run(_ index: Int) -> Run {
        let offset: Int64  // Slots of the pass before this run.
        let length: Int64
        if index < runsBeforeWrap {
            offset = Int64(index) * slotsPerRun
            length = min(slotsPerRun, slotsBeforeWrap - offset)
        } else {
            let afterWrap = Int64(index - runsBeforeWrap) * slotsPerRun
            offset = slotsBeforeWrap + afterWrap
            length = min(slotsPerRun, total - offset)
        }
        let record = first + UInt64(offset)
        return Run(firstRecord: record, firstSlot: geometry.slot(of: record), count: Int(length))
    }
}
