import SystemPackage

/// Writes that survive a power cut, on real files: the one implementation of the careful write
/// shared by the journal and the card profile's files.
///
/// - ``sync(_:)`` makes a file's data and metadata durable (`fsync`).
/// - ``syncDirectory(containing:)`` makes a name durable: a file just created or renamed is
///   only found after a power cut once its directory was synced too.
/// - ``replace(_:with:permissions:hook:)`` replaces a whole file atomically: temporary file,
///   `fsync`, rename over the file, `fsync` of the directory.
public enum DurableFile {
    /// The steps of ``replace(_:with:permissions:hook:)``, for tearing tests: the hook is called
    /// before each one and returns `false` to stop there, as a device losing power would.
    public enum WriteStep: Sendable, CaseIterable {
        case writeTemporary, syncTemporary, rename, syncDirectory
    }

    /// Why a durable write failed.
    public enum Failure: Error, Equatable, Sendable {
        /// A system call failed: what it was doing (`open`, `write`, `fsync`, `rename`,
        /// `open directory`, `fsync directory`) and its `errno`.
        case system(String, Errno)
        /// The tearing hook stopped the write at this step.
        case tornAt(WriteStep)
    }
}
