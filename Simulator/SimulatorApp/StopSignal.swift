import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM (or a time limit), so a simulated card leaves the reader
/// cleanly when a technician presses Ctrl-C or a test stops the process.
enum StopSignal {
    static func wait(orAfter seconds: Double?) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = ResumeOnce(continuation)
            var sources: [DispatchSourceSignal] = []
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
                source.setEventHandler { once.resume() }
                source.resume()
                sources.append(source)
            }
            if let seconds {
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { once.resume() }
            }
            once.keep(sources)
        }
    }
}

/// Resumes a continuation the first time only.
private final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?
    private var sources: [DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }

    func keep(_ sources: [DispatchSourceSignal]) { lock.withLock { self.sources = sources } }

    func resume() {
        let pending = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume()
    }
}

/// Runs a handler on the first SIGINT or SIGTERM (Ctrl-C, or `kill`), instead of dying at once:
/// the store simulator stops the processes it started before it exits.
enum StopOnSignal {
    /// Installs the handler; keep the returned sources alive while it should apply.
    static func install(_ handler: @escaping @Sendable () -> Void) -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }
}
