import Foundation
import Synchronization

/// What a child process prints on a pipe, read to its end in the background.
///
/// The reads are blocking `read(2)` calls on a thread of their own, not a
/// `FileHandle.readabilityHandler`: on Linux, tearing a readability handler down as the pipe
/// closes can leave libdispatch's epoll bookkeeping pointing at freed memory, and the process
/// crashes later in `_dispatch_event_loop_drain` (swift-corelibs-libdispatch issue 949). A
/// blocking read registers nothing with libdispatch; the end of the pipe ends the thread.
public final class PipeText: Sendable {
    private let text = Mutex("")

    /// Starts reading `handle` (the read end of a child's pipe) until the child closes it.
    public init(_ handle: FileHandle) {
        // A descriptor of our own: the reads go on whatever becomes of the FileHandle.
        let descriptor = dup(handle.fileDescriptor)
        guard descriptor >= 0 else { return }
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                self.text.withLock { $0 += String(decoding: buffer[0..<count], as: UTF8.self) }
            }
            close(descriptor)
        }
    }

    /// Everything read so far.
    public var value: String { text.withLock { $0 } }
}
