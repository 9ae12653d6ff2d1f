/// Computes the CRC-32C of each record of a run of consecutive slots (over all of a record but
/// its trailing checksum field), for the scan to compare with the stored ones; a batch of
/// records at a time, several at once. One per buffer of ``RunBuffers`` (it caches constants as
/// it goes, and a buffer is filled by one thread at a time).
///
/// Most records end in zero padding (a transaction rarely fills its last record), and the CRC
/// of a run of zeros needs no pass over them: where the CPU allows
/// (``CRC32C/skipsZeroTails``), only each batch's header and longest payload, as the records'
/// payload-length fields claim, go through the CRC; the padding is checked to be zero and
/// folded in at once. The checksums are exactly those of the whole records whatever the bytes
/// hold: a field that lies, or padding that is not zero, only sends a record the long way.
struct BatchChecksums: ~Copyable {
    /// Records per batch (whose payload-length fields decide how much of them the CRC covers).
    static let batch = 32

    private let recordSize: Int
    /// Bytes of a record the checksum covers.
    private let length: Int
    /// ``CRC32C/zeroShift(over:)`` of `length − covered` at index `covered / 32`, 0 until needed.
    private let shifts: UnsafeMutablePointer<UInt32>
    private let shiftCount: Int

    init(recordSize: Int) {
        self.recordSize = recordSize
        length = recordSize - JournalFormat.recordTrailerLength
        shiftCount = recordSize / 32 + 1
        shifts = .allocate(capacity: shiftCount)
        shifts.initialize(repeating: 0, count: shiftCount)
    }

    deinit {
        shifts.deallocate()
    }

    /// Checksums the `count` records at `base` into `checksums[0 ..< count]`.
    func compute(_ base: UnsafeRawPointer, count: Int, into checksums: UnsafeMutablePointer<UInt32>) {
        var start = 0
        while start < count {
            let end = min(count, start + BatchChecksums.batch)
            computeBatch(base + start * recordSize, count: end - start, into: checksums + start)
            start = end
        }
    }

    private func computeBatch(_ base: UnsafeRawPointer, count: Int, into values: UnsafeMutablePointer<UInt32>) {
        guard CRC32C.skipsZeroTails, let covered = coveredBytes(base, count: count) else {
            CRC32C.checksums(of: base, stride: recordSize, length: length, count: count, into: values)
            return
        }
        if shifts[covered / 32] == 0 { shifts[covered / 32] = CRC32C.zeroShift(over: length - covered) }
        CRC32C.checksums(
            of: base, stride: recordSize, length: length, covered: covered, zeroShift: shifts[covered / 32],
            count: count, into: values)
    }

    /// The header and the longest claimed payload of the batch, rounded up to 32 bytes (at
    /// least 64); `nil` when that leaves too little padding to be worth skipping.
    private func coveredBytes(_ base: UnsafeRawPointer, count: Int) -> Int? {
        var longest = 0
        for k in 0..<count {
            let claimed = base.loadUnaligned(
                fromByteOffset: k * recordSize + JournalFormat.Rec.payloadLength, as: UInt16.self)
            longest = max(longest, Int(UInt16(littleEndian: claimed)))
        }
        let covered = max(64, (JournalFormat.recordHeaderLength + min(longest, length) + 31) & ~31)
        return length - covered >= 32 ? covered : nil
    }
}
