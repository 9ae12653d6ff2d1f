import SystemPackage

/// The one place every system call of the journal goes through: one open journal file.
///
/// The engine reads, writes and syncs only through this protocol, so tests (and the simulator)
/// can put a fault-injecting device underneath it: ``SimulatedDisk`` cuts power after the Nth
/// write or sync and fails writes and syncs with `ENOSPC` or `EIO`, in the style of SQLite's
/// crash VFS and littlefs's emulated block device. ``FileStorage`` is the real file.
public protocol JournalStorage: AnyObject, Sendable {
    /// The size of the file in bytes; it never changes after creation.
    var size: Int64 { get }
    /// Reads exactly `buffer.count` bytes at `offset` (`pread`).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(StorageError)
    /// Writes all of `bytes` at `offset` (`pwrite`). Not durable until ``syncData()`` returns.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(StorageError)
    /// Makes every write so far durable (`fdatasync`: data, and only the metadata needed to
    /// read it back; the file's size never changes, so that is all a journal needs).
    func syncData() throws(StorageError)
    /// Makes the file and all its metadata durable (`fsync`), used once at creation.
    func syncAll() throws(StorageError)
    /// Closes the file. Further calls fail.
    func close() throws(StorageError)
    /// Drops the clean pages of `length` bytes at `offset` (the whole file when `length` is 0)
    /// from the page cache (`posix_fadvise(DONTNEED)`), so that writes there then dirty single
    /// 4 KiB pages rather than the large folios a bulk read or write may have left (on Linux 6.x,
    /// one 512-byte write into a 1 MiB folio dirties, and writes back, all of it). Only whole
    /// folios inside the range are dropped.
    func releaseCache(offset: Int64, length: Int64)
}

extension JournalStorage {
    public func releaseCache(offset: Int64, length: Int64) {}

    /// Drops all the file's clean pages from the page cache (``releaseCache(offset:length:)``).
    public func releaseCache() { releaseCache(offset: 0, length: 0) }
}

/// Opens and creates journal files: the file-system half of the I/O boundary.
public protocol JournalStorageProvider: Sendable {
    /// Creates a new file of `size` bytes, every byte written (zero), made durable with its
    /// directory entry. Fails if the file exists.
    func create(path: String, size: Int64) throws(StorageError) -> any JournalStorage
    /// Opens an existing file for reading, and for writing unless `readOnly`.
    func open(path: String, readOnly: Bool) throws(StorageError) -> any JournalStorage
}

/// What a storage call that failed was doing, and the `errno` it failed with.
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system call, or the step, that failed.
    public enum Operation: String, Sendable {
        case open, create, read, write
        case syncData = "fdatasync"
        case syncAll = "fsync"
        case syncDirectory = "fsync of the directory"
        case preallocate, close, stat
    }

    public var operation: Operation
    public var errno: Errno
    /// The file, when known.
    public var path: String?
    /// Set by ``SimulatedDisk`` when the failure is a simulated power cut.
    public var isSimulatedPowerCut: Bool

    public init(_ operation: Operation, _ errno: Errno, path: String? = nil, isSimulatedPowerCut: Bool = false) {
        self.operation = operation
        self.errno = errno
        self.path = path
        self.isSimulatedPowerCut = isSimulatedPowerCut
    }

    /// True for "no space left on device" (`ENOSPC`) and "quota exceeded" (`EDQUOT`).
    public var isDiskFull: Bool { errno == .noSpace || errno == .diskQuotaExceeded }

    public var description: String {
        let place = path.map { " on \($0)" } ?? ""
        let cause = isSimulatedPowerCut ? "simulated power cut" : "\(errno) (errno \(errno.rawValue))"
        return "\(operation.rawValue) failed\(place): \(cause)"
    }
}
