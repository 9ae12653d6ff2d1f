import Foundation

#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Files replaced atomically and readable by their owner only (mode 0600): card images and
/// the files that hold a private key.
///
/// A write goes to `<path>.tmp` (created with mode 0600), is flushed with `fsync`,
/// renamed over the file, and the directory is synced: the file holds the old bytes or the new
/// ones, never a mix, and is never readable by others, whatever the old file's mode was.
public enum OwnerOnlyFile {
    /// The steps of a write, for tearing tests: the hook is called before each one and
    /// returns `false` to stop there, as a device losing power would.
    public enum WriteStep: Sendable, CaseIterable {
        case writeTemporary, syncTemporary, rename, syncDirectory
    }

    public enum Failure: Error, Equatable, Sendable {
        /// A system call failed with `errno`.
        case system(String, Int32)
        /// The tearing hook stopped the write at this step.
        case tornAt(WriteStep)
    }

    /// Replaces the file at `path` with `bytes`; `hook` may stop the write before a step.
    public static func replace(_ path: String, with bytes: [UInt8], hook: (WriteStep) -> Bool = { _ in true }) throws {
        let temporary = path + ".tmp"
        guard hook(.writeTemporary) else { throw Failure.tornAt(.writeTemporary) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure.system("open", errno) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                throw Failure.system("write", code)
            }
            written += n
        }
        guard hook(.syncTemporary) else { close(fd); throw Failure.tornAt(.syncTemporary) }
        guard fsync(fd) == 0 else { let code = errno; close(fd); throw Failure.system("fsync", code) }
        close(fd)
        guard hook(.rename) else { throw Failure.tornAt(.rename) }
        guard rename(temporary, path) == 0 else { throw Failure.system("rename", errno) }
        guard hook(.syncDirectory) else { throw Failure.tornAt(.syncDirectory) }
        let directory = (path as NSString).deletingLastPathComponent
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
        guard dfd >= 0 else { throw Failure.system("open directory", errno) }
        defer { close(dfd) }
        guard fsync(dfd) == 0 else { throw Failure.system("fsync directory", errno) }
    }
}
