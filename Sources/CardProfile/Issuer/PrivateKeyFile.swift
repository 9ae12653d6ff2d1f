import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files that hold a private key: readable by their owner only (mode 0600) from the
/// moment they exist, and replaced atomically (a temporary file in the same directory, synced,
/// then renamed over the old one, whatever the old one's mode was).
enum PrivateKeyFile {
    struct Failure: Error, CustomStringConvertible {
        var step: String
        var path: String
        var code: Int32
        var description: String { "\(step) \(path): \(String(cString: strerror(code)))" }
    }

    static func write(_ data: Data, to path: String) throws {
        let temporary = "\(path).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(step: "create", path: temporary, code: errno) }
        do {
            try data.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let written = Foundation.write(fd, raw.baseAddress! + done, raw.count - done)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { throw Failure(step: "write", path: temporary, code: errno) }
                    done += written
                }
            }
            guard fsync(fd) == 0 else { throw Failure(step: "fsync", path: temporary, code: errno) }
            close(fd)
            guard rename(temporary, path) == 0 else { throw Failure(step: "rename over", path: path, code: errno) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
    }
}
