import DurableFile
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens and creates real journal files.
public struct FileStorageProvider: JournalStorageProvider {
    public init() {}

    public func create(path: String, size: Int64) throws(StorageError) -> any JournalStorage {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(
                FilePath(path), .readWrite, options: [.create, .exclusiveCreate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead], retryOnInterrupt: true)
        } catch { throw StorageError(.create, error as? Errno ?? .ioError, path: path) }
        let storage = FileStorage(descriptor: descriptor, size: size, path: path)
        do throws(StorageError) {
            // Reserve the blocks first, so a disk too small fails at once with ENOSPC.
            #if os(Linux)
                let reserved = posix_fallocate(descriptor.rawValue, 0, off_t(size))
                if reserved != 0 && reserved != EOPNOTSUPP && reserved != EINVAL {
                    throw StorageError(.preallocate, Errno(rawValue: reserved), path: path)
                }
            #endif
            // Every byte is written now, so that appends later are pure overwrites of allocated,
            // initialised blocks: `fdatasync` then has no extent or size metadata to commit.
            // (`fallocate` would leave unwritten extents whose conversion costs a journal commit
            // on the first write of each block.)
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 4096)
            defer { chunk.deallocate() }
            chunk.initializeMemory(as: UInt8.self, repeating: 0)
            var offset: Int64 = 0
            while offset < size {
                let count = Int(min(Int64(chunk.count), size - offset))
                try storage.write(UnsafeRawBufferPointer(rebasing: chunk[0..<count]), at: offset)
                offset += Int64(count)
            }
            try storage.syncAll()
            try syncDirectory(containing: path)
            storage.releaseCache()
        } catch {
            try? storage.close()
            _ = unlink(path)
            throw error
        }
        return storage
    }

    public func open(path: String, readOnly: Bool) throws(StorageError) -> any JournalStorage {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(
                FilePath(path), readOnly ? .readOnly : .readWrite, options: [.closeOnExec], retryOnInterrupt: true)
        } catch { throw StorageError(.open, error as? Errno ?? .ioError, path: path) }
        let size: Int64
        do { size = try descriptor.seek(offset: 0, from: .end) } catch {
            try? descriptor.close()
            throw StorageError(.stat, error as? Errno ?? .ioError, path: path)
        }
        let storage = FileStorage(descriptor: descriptor, size: size, path: path)
        storage.adviseSequential()
        return storage
    }

    /// `fsync` of the directory that holds `path`, so that the new name itself is durable.
    private func syncDirectory(containing path: String) throws(StorageError) {
        do throws(DurableFile.Failure) {
            try DurableFile.syncDirectory(containing: FilePath(path))
        } catch {
            let errno = if case .system(_, let errno) = error { errno } else { Errno.ioError }
            throw StorageError(.syncDirectory, errno, path: DurableFile.directory(containing: FilePath(path)).string)
        }
    }
}
