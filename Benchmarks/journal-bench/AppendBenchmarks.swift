import LoyaltyJournal
import SystemPackage

#if canImport(Glibc)
    import Glibc
    import Timekeeping
#endif

/// The physical floor: `pwrite` of the same 512 bytes the journal writes for one record, at the
/// same offsets, into a preallocated (fully written) file, then `fdatasync`.
final class FloorAppender {
    let descriptor: FileDescriptor
    let slots: Int
    var index = 0
    let record: [UInt8]

    init(path: String, size: Int64) throws {
        let descriptor = try FileDescriptor.open(
            FilePath(path), .readWrite, options: [.create, .truncate], permissions: [.ownerReadWrite])
        self.descriptor = descriptor
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        var offset: Int64 = 0
        while offset < size {
            let n = Int(min(Int64(zeros.count), size - offset))
            _ = try zeros.prefix(n).withUnsafeBytes { try descriptor.writeAll(toAbsoluteOffset: offset, $0) }
            offset += Int64(n)
        }
        fsync(descriptor.rawValue)
        // As the journal does after creating or opening: no large folios left in the cache.
        _ = posix_fadvise(descriptor.rawValue, 0, 0, Int32(POSIX_FADV_DONTNEED))
        slots = Int((size - 8192) / 512)
        var bytes = [UInt8](repeating: 0xA5, count: 512)
        bytes[0] = 1
        record = bytes
    }

    func append() throws {
        let offset = 8192 + Int64(index % slots) * 512
        index += 1
        _ = try record.withUnsafeBytes { try descriptor.writeAll(toAbsoluteOffset: offset, $0) }
        guard fdatasync(descriptor.rawValue) == 0 else { throw Errno(rawValue: errno) }
    }

    deinit { try? descriptor.close() }
}

/// The journal itself: one transaction of `payload` bytes (one record) per append.
final class JournalAppender {
    let journal: Journal
    let payload: [UInt8]

    init(path: String, size: Int64, payload: Int) throws {
        journal = try Journal.create(path: path, size: size, options: JournalOptions(clock: SystemWallTime()))
        self.payload = [UInt8](repeating: 0x5A, count: payload)
    }

    func append() throws {
        try journal.append(payload)
    }

    /// The back office's acknowledgement of everything so far (moves the sync mark).
    func acknowledgeAll() throws {
        try journal.markSynced(through: journal.statistics().lastSequence)
    }
}
