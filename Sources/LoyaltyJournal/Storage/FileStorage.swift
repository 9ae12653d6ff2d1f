import DurableFile
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real journal file, on swift-system's `FileDescriptor`: `pread`, `pwrite`, `fdatasync`,
/// `fsync`, `close`.
public final class FileStorage: JournalStorage {
    public let size: Int64
    public let path: String
    private let descriptor: FileDescriptor

    init(descriptor: FileDescriptor, size: Int64, path: String) {
        self.descriptor = descriptor
        self.size = size
        self.path = path
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(StorageError) {
        var done = 0
        while done < buffer.count {
            let n: Int
            do {
                n = try descriptor.read(
                    fromAbsoluteOffset: offset + Int64(done),
                    into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]), retryOnInterrupt: true)
            } catch { throw StorageError(.read, error as? Errno ?? .ioError, path: path) }
            // A journal file never shrinks: a short read means it was truncated behind our back.
            guard n > 0 else { throw StorageError(.read, .ioError, path: path) }
            done += n
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(StorageError) {
        do {
            _ = try descriptor.writeAll(toAbsoluteOffset: offset, bytes)
        } catch { throw StorageError(.write, error as? Errno ?? .ioError, path: path) }
    }

    public func syncData() throws(StorageError) {
        #if canImport(Darwin)
            let result = fcntl(descriptor.rawValue, F_FULLFSYNC)
        #else
            let result = fdatasync(descriptor.rawValue)
        #endif
        if result != 0 { throw StorageError(.syncData, Errno(rawValue: errno), path: path) }
    }

    public func syncAll() throws(StorageError) {
        do throws(Errno) { try DurableFile.sync(descriptor) } catch { throw StorageError(.syncAll, error, path: path) }
    }

    public func close() throws(StorageError) {
        do { try descriptor.close() } catch { throw StorageError(.close, error as? Errno ?? .ioError, path: path) }
    }

    public func releaseCache(offset: Int64, length: Int64) {
        #if os(Linux)
            _ = posix_fadvise(descriptor.rawValue, off_t(offset), off_t(length), Int32(POSIX_FADV_DONTNEED))
        #endif
    }

    /// Advises the kernel that the whole file will be read sequentially once (used at open).
    func adviseSequential() {
        #if os(Linux)
            _ = posix_fadvise(descriptor.rawValue, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
    }
}
