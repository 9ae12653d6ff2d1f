import Glibc
import SystemPackage

/// Files that hold a key, a token or a credential: written readable and writable by their owner
/// only (mode 0600), and refused when anyone else may read or write them.
///
/// - ``write(_:bytes:hook:)`` replaces the file atomically and durably
///   (``DurableFile/replace(_:with:permissions:hook:)``) with mode 0600, whatever the old file's
///   mode or a left-over temporary file's was.
/// - ``checkPrivate(_:)`` is what a program calls before it reads such a file at start: a file
///   that its group or others may read or write is refused with a ``SecretFile/Exposed`` error
///   that names the file and the fix (`chmod 600 FILE`).
///
/// Every new file that holds a secret goes through both, so the rule lives in one place.
public enum SecretFile {
    /// The mode of a secret file: `rw-------`.
    public static let permissions: FilePermissions = .ownerReadWrite

    /// The permission bits no secret file may have: any access by its group or by others.
    public static let forbiddenBits: FilePermissions = [.groupRead, .groupWrite, .groupExecute, .otherRead, .otherWrite, .otherExecute]

    /// A secret file its group or others may read or write.
    public struct Exposed: Error, Equatable, Sendable, CustomStringConvertible {
        /// The file.
        public var path: String
        /// Its permission bits (`st_mode & 0o777`).
        public var mode: UInt32

        public init(path: String, mode: UInt32) {
            self.path = path
            self.mode = mode
        }

        /// The mode in octal, as `ls` and `chmod` write it (`0644`).
        public var octalMode: String {
            let digits = String(mode & 0o777, radix: 8)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }

        public var description: String {
            "\(path) holds a secret but its group or others may access it (mode \(octalMode)): "
                + "run chmod 600 \(path), and check who could have read it"
        }
    }

    /// Replaces the file at `path` with `bytes`, mode 0600, atomically and durably; `hook` may
    /// stop the write before a step (tearing tests).
    public static func write(
        _ path: FilePath, bytes: [UInt8], hook: (DurableFile.WriteStep) -> Bool = { _ in true }
    ) throws(DurableFile.Failure) {
        try DurableFile.replace(path, with: bytes, permissions: permissions, hook: hook)
    }

    /// Throws ``Exposed`` when the file at `path` may be read or written by its group or by
    /// others (its target, for a symbolic link). A missing file passes: the read that follows
    /// reports it.
    public static func checkPrivate(_ path: String) throws(Exposed) {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        let mode = UInt32(status.st_mode) & 0o777
        if mode & UInt32(forbiddenBits.rawValue) != 0 {
            throw Exposed(path: path, mode: mode)
        }
    }
}
