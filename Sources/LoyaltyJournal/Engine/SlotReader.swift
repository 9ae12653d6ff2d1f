/// Reads runs of record slots in ring order with large sequential reads into one reused buffer,
/// so walking the whole ring costs one pass over the file in bounded memory.
struct SlotReader: ~Copyable {
    static let defaultChunkBytes = 1 << 20

    let storage: any JournalStorage
    let geometry: JournalGeometry
    private let buffer: UnsafeMutableRawBufferPointer
    private let slotsPerChunk: Int64

    init(storage: any JournalStorage, geometry: JournalGeometry, chunkBytes: Int = SlotReader.defaultChunkBytes) {
        self.storage = storage
        self.geometry = geometry
        let slots = max(1, min(Int64(chunkBytes / geometry.recordSize), geometry.slotCount))
        slotsPerChunk = slots
        buffer = .allocate(byteCount: Int(slots) * geometry.recordSize, alignment: 4096)
    }

    deinit { buffer.deallocate() }

    /// Calls `body` for record numbers `first ..< first + count` (count ≤ slotCount), in order,
    /// with the bytes of the slot each number maps to.
    func forEach(
        from first: UInt64, count: Int64,
        _ body: (_ recordNumber: UInt64, _ slot: Int64, _ bytes: UnsafeRawBufferPointer) throws(JournalError) -> Void
    ) throws(JournalError) {
        precondition(count <= geometry.slotCount)
        var done: Int64 = 0
        let recordSize = geometry.recordSize
        while done < count {
            let slot = geometry.slot(of: first + UInt64(done))
            // One read never crosses the end of the ring.
            let run = min(slotsPerChunk, count - done, geometry.slotCount - slot)
            let bytes = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(Int(run) * recordSize)])
            do { try storage.read(into: bytes, at: geometry.offset(ofSlot: slot)) } catch { throw .io(error) }
            for k in 0..<run {
                let start = Int(k) * recordSize
                try body(
                    first + UInt64(done + k), slot + k,
                    UnsafeRawBufferPointer(rebasing: buffer[start..<(start + recordSize)]))
            }
            done += run
        }
    }
}
