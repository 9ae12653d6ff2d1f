import LoyaltyJournal
import SystemPackage

#if canImport(Glibc)
    import Glibc
    import Timekeeping
#endif

/// Open after a crash of a full journal (every slot live, nothing synced) against one
/// sequential read of the same file in 1 MiB `pread`s.
struct OpenBenchmark {
    let path: String
    let size: Int64

    /// Writes a full journal of `size` bytes to `path`: filled in memory on a simulated disk
    /// (no sync per append, so it takes seconds, not minutes), then written and `fsync`ed.
    func prepare(payload: Int) throws {
        let disk = SimulatedDisk(size: size)
        let journal = try Journal.create(on: disk, options: JournalOptions(clock: SystemWallTime()))
        let bytes = [UInt8](repeating: 0x3C, count: payload)
        let capacity = journal.geometry.slotCount
        for _ in 0..<capacity { try journal.append(bytes) }
        let image = disk.durableImage
        let descriptor = try FileDescriptor.open(
            FilePath(path), .readWrite, options: [.create, .truncate], permissions: [.ownerReadWrite])
        defer { try? descriptor.close() }
        _ = try image.withUnsafeBytes { try descriptor.writeAll(toAbsoluteOffset: 0, $0) }
        fsync(descriptor.rawValue)
    }

    /// Drops the file's pages from the page cache, so the next read comes from the device.
    func dropCache() {
        guard let descriptor = try? FileDescriptor.open(FilePath(path), .readOnly) else { return }
        defer { try? descriptor.close() }
        _ = posix_fadvise(descriptor.rawValue, 0, 0, Int32(POSIX_FADV_DONTNEED))
    }

    /// One sequential read of the whole file (open, 1 MiB `pread`s, close); nanoseconds.
    func timeSequentialRead() throws -> UInt64 {
        let start = nowNanoseconds()
        let descriptor = try FileDescriptor.open(FilePath(path), .readOnly)
        _ = posix_fadvise(descriptor.rawValue, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 4096)
        defer { buffer.deallocate() }
        var offset: Int64 = 0
        var checksum: UInt8 = 0
        while true {
            let n = try descriptor.read(fromAbsoluteOffset: offset, into: buffer)
            if n == 0 { break }
            checksum ^= buffer[n - 1]  // Touch the data so the read cannot be skipped.
            offset += Int64(n)
        }
        try descriptor.close()
        let elapsed = nowNanoseconds() - start
        precondition(offset == size && checksum != 0xFF || true)
        return elapsed
    }

    /// `Journal.open` (the full recovery scan) and close; nanoseconds. `scanHelper: false` keeps
    /// the scan on this thread.
    func timeOpen(scanHelper: Bool? = nil) throws -> UInt64 {
        let start = nowNanoseconds()
        let journal = try Journal.open(path: path, options: JournalOptions(clock: SystemWallTime(), scanHelper: scanHelper))
        let last = try journal.statistics().lastSequence
        try journal.close()
        let elapsed = nowNanoseconds() - start
        precondition(last > 0)
        return elapsed
    }
}
