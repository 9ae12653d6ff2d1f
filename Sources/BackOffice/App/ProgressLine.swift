import Foundation
import Synchronization

/// A long command's progress on standard error. On a terminal, one line rewritten in place and
/// ended when the work is done; on a pipe or a file, separate lines (the first of each step, then
/// at most one every two seconds, and the last), so a log never gets `…pass 1 of 2 …pass 2 of 2`
/// glued together; nothing at all when `quiet`.
final class ProgressLine: Sendable {
    private let quiet: Bool
    private let rewrites: Bool
    /// The latest line, whether a pipe has it yet, the step of the last line printed and when.
    private let state = Mutex<(line: String?, pending: Bool, step: String?, printed: ContinuousClock.Instant?)>((nil, false, nil, nil))

    init(quiet: Bool, rewrites: Bool = isatty(STDERR_FILENO) == 1) {
        self.quiet = quiet
        self.rewrites = rewrites
    }

    /// Shows `line`, the progress of `step` (a new step always shows its first line on a pipe).
    func show(_ line: String, step: String = "") {
        guard !quiet else { return }
        if rewrites {
            Self.write("\r\u{1B}[K" + line)
            state.withLock { $0.line = line }
            return
        }
        let now = ContinuousClock.now
        let due = state.withLock { state -> Bool in
            state.line = line
            guard state.step != step || state.printed.map({ now - $0 >= .seconds(2) }) ?? true else {
                state.pending = true
                return false
            }
            state.step = step
            state.printed = now
            state.pending = false
            return true
        }
        if due { Self.write(line + "\n") }
    }

    /// Ends the progress: the terminal's line is ended; on a pipe the last line is written when
    /// it was not yet.
    func finish() {
        guard !quiet else { return }
        let (last, pending) = state.withLock { state in
            defer { (state.line, state.pending) = (nil, false) }
            return (state.line, state.pending)
        }
        guard let last else { return }
        if rewrites {
            Self.write("\n")
        } else if pending {
            Self.write(last + "\n")
        }
    }

    private static func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
