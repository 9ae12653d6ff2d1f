import DurableFile
import SystemPackage

/// Files replaced atomically and readable by their owner only (mode 0600): card images and
/// the files that hold a private key.
///
/// The write is `DurableFile`'s `SecretFile.write`: `<path>.tmp` created with
/// mode 0600, flushed with `fsync`, renamed over the file, and the directory synced. The file
/// holds the old bytes or the new ones, never a mix, and is never readable by others, whatever
/// the old file's mode was.
public enum OwnerOnlyFile {
    /// The steps of a write, for tearing tests (``DurableFile/WriteStep``).
    public typealias WriteStep = DurableFile.WriteStep
    /// Why a write failed (``DurableFile/Failure``).
    public typealias Failure = DurableFile.Failure

    /// Replaces the file at `path` with `bytes`; `hook` may stop the write before a step.
    public static func replace(_ path: String, with bytes: [UInt8], hook: (WriteStep) -> Bool = { _ in true }) throws {
        try SecretFile.write(FilePath(path), bytes: bytes, hook: hook)
    }

    /// Throws when the file at `path` may be read or written by its group or others (`SecretFile.Exposed`,
    /// which names the file and the fix); a missing file passes.
    public static func checkPrivate(_ path: String) throws {
        try SecretFile.checkPrivate(path)
    }
}
