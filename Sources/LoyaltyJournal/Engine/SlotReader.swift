/// Reads runs of record slots in ring order with large sequential reads into one reused buffer,
/// so walking the whole ring costs one pass over the file in bounded memory. The records of each
/// read are checksummed in batches (``CRC32C/checksums(of:stride:length:count:into:)``, several
/// records at a time), each batch just before its records are looked at.
struct SlotReader: ~Copyable {
    static let defaultChunkBytes = 1 << 20
    /// Records checksummed together before they are visited (at most 16 KiB of 512-byte
    /// records, 128 KiB of 4 KiB ones: still in the CPU's cache when visited).
    static let checksumBatch = 32

    let storage: any JournalStorage
    let geometry: JournalGeometry
    private let buffer: UnsafeMutableRawBufferPointer
    private let slotsPerChunk: Int64
    /// The computed CRC-32C of each slot of the current batch (over all but its trailing CRC field).
    private let checksums: UnsafeMutablePointer<UInt32>

    init(storage: any JournalStorage, geometry: JournalGeometry, chunkBytes: Int = SlotReader.defaultChunkBytes) {
        self.storage = storage
        self.geometry = geometry
        let slots = max(1, min(Int64(chunkBytes / geometry.recordSize), geometry.slotCount))
        slotsPerChunk = slots
        buffer = .allocate(byteCount: Int(slots) * geometry.recordSize, alignment: 4096)
        checksums = .allocate(capacity: SlotReader.checksumBatch)
    }

    deinit {
        buffer.deallocate()
        checksums.deallocate()
    }

    /// Calls `body` for record numbers `first ..< first + count` (count ≤ slotCount), in order,
    /// with the bytes of the slot each number maps to and the CRC-32C computed over those bytes
    /// but the last 4 (the record's checksum field), for ``RecordCodec/check(_:computedChecksum:slotIndex:geometry:)``.
    func forEach(
        from first: UInt64, count: Int64,
        _ body: (
            _ recordNumber: UInt64, _ slot: Int64, _ bytes: UnsafeRawBufferPointer, _ computedChecksum: UInt32
        ) throws(JournalError) -> Void
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
            let base = UnsafeRawPointer(buffer.baseAddress!)
            // Checksummed a batch at a time and visited at once, while the batch is in the cache.
            var batchStart = 0
            while batchStart < Int(run) {
                let batchEnd = min(Int(run), batchStart + SlotReader.checksumBatch)
                CRC32C.checksums(
                    of: base + batchStart * recordSize, stride: recordSize,
                    length: recordSize - JournalFormat.recordTrailerLength,
                    count: batchEnd - batchStart, into: checksums)
                for k in batchStart..<batchEnd {
                    try body(
                        first + UInt64(done + Int64(k)), slot + Int64(k),
                        UnsafeRawBufferPointer(start: base + k * recordSize, count: recordSize),
                        checksums[k - batchStart])
                }
                batchStart = batchEnd
            }
            done += run
        }
    }
}
