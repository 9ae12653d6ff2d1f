import Foundation

#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// The card-image file: one ``CardImage`` per file, replaced atomically.
///
/// A write goes to `<path>.tmp`, is flushed with `fsync`, renamed over the file, and the
/// directory is synced: the file holds the old image or the new one, never a mix. This is
/// the simulated card's anti-tearing (a real card writes a second slot and flips a
/// committed marker last).
public struct CardImageFile: Sendable {
    /// The steps of a write, for tearing tests: the hook is called before each one and
    /// returns `false` to stop there, as a card losing power would.
    public enum WriteStep: Sendable, CaseIterable {
        case writeTemporary, syncTemporary, rename, syncDirectory
    }

    public enum Failure: Error, Equatable, Sendable {
        /// A system call failed with `errno`.
        case system(String, Int32)
        /// The tearing hook stopped the write at this step.
        case tornAt(WriteStep)
    }

    public let path: String

    public init(path: String) { self.path = path }

    /// Reads and parses the image.
    public func read() throws -> CardImage {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try CardImage(bytes: Array(data))
    }

    /// Replaces the image atomically; `hook` may stop the write before a step (tearing tests).
    public func write(_ image: CardImage, hook: (WriteStep) -> Bool = { _ in true }) throws {
        let temporary = path + ".tmp"
        let bytes = image.bytes
        guard hook(.writeTemporary) else { throw Failure.tornAt(.writeTemporary) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
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
