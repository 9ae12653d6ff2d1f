import Glibc
import SystemPackage

extension DurableFile {
    /// Makes everything written to `descriptor`, and the file's metadata, durable (`fsync`).
    public static func sync(_ descriptor: FileDescriptor) throws(Errno) {
        if fsync(descriptor.rawValue) != 0 { throw Errno(rawValue: errno) }
    }

    /// Makes the entries of the directory that holds `path` durable (`fsync` of the directory),
    /// so that a file created or renamed there is still found by its name after a power cut.
    public static func syncDirectory(containing path: FilePath) throws(Failure) {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(
                directory(containing: path), .readOnly, options: [.directory, .closeOnExec], retryOnInterrupt: true)
        } catch {
            throw .system("open directory", error as? Errno ?? .ioError)
        }
        defer { try? descriptor.close() }
        do throws(Errno) { try sync(descriptor) } catch { throw .system("fsync directory", error) }
    }

    /// The directory that holds `path`: `.` for a bare file name.
    public static func directory(containing path: FilePath) -> FilePath {
        var directory = path
        directory.removeLastComponent()
        return directory.isEmpty ? "." : directory
    }
}
