import Glibc
import SystemPackage

extension DurableFile {
    /// Replaces the file at `path` with `bytes`, atomically and durably; `hook` may stop the
    /// write before a step (tearing tests).
    ///
    /// The bytes go to `<path>.tmp` (created with, or set to, `permissions`), which is synced, renamed over
    /// the file, and the directory is synced: the file holds the old bytes or the new ones, never
    /// a mix, and takes the temporary file's permissions whatever the old file's were. A write
    /// stopped before the rename leaves the old file and a temporary file the next write replaces.
    public static func replace(
        _ path: FilePath, with bytes: [UInt8], permissions: FilePermissions,
        hook: (WriteStep) -> Bool = { _ in true }
    ) throws(Failure) {
        let temporary = FilePath(path.string + ".tmp")
        guard hook(.writeTemporary) else { throw .tornAt(.writeTemporary) }
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(
                temporary, .writeOnly, options: [.create, .truncate, .closeOnExec], permissions: permissions,
                retryOnInterrupt: true)
        } catch {
            throw .system("open", error as? Errno ?? .ioError)
        }
        do throws(Failure) {
            // A temporary file left by an interrupted write keeps its old mode when opened:
            // set the mode asked for before a byte is written.
            guard fchmod(descriptor.rawValue, permissions.rawValue) == 0 else { throw .system("fchmod", Errno(rawValue: errno)) }
            do { _ = try descriptor.writeAll(bytes) } catch { throw .system("write", error as? Errno ?? .ioError) }
            guard hook(.syncTemporary) else { throw .tornAt(.syncTemporary) }
            do throws(Errno) { try sync(descriptor) } catch { throw .system("fsync", error) }
        } catch {
            try? descriptor.close()
            throw error
        }
        try? descriptor.close()
        guard hook(.rename) else { throw .tornAt(.rename) }
        guard rename(temporary.string, path.string) == 0 else { throw .system("rename", Errno(rawValue: errno)) }
        guard hook(.syncDirectory) else { throw .tornAt(.syncDirectory) }
        try syncDirectory(containing: path)
    }
}
