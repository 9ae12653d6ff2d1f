import CardProfile
import Foundation
import Logging
import LoyaltyJournal
import Synchronization
import TerminalSync
import Testing
import Timekeeping

/// The sync service's waits run on the clock it is given: after a failed upload it waits its
/// backoff on that clock, and tries again only when the clock has moved past it (no real sleep).
@Suite("Sync backoff on an injected clock")
struct BackoffClockTests {
    @Test("a failed upload is retried once the manual clock passes the backoff, not before")
    func retriesOnTheClock() async throws {
        let directory = NSTemporaryDirectory() + "sync-clock-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = try Journal.create(
            path: directory + "/terminal.journal", size: 256 * 512 + 8192, layout: JournalLayout(recordSize: 512),
            options: JournalOptions(clock: ManualWallTime()))
        defer { try? journal.close() }
        _ = try journal.append(Array(#"{"kind":"sale"}"#.utf8))

        let clock = ManualClock()
        let attempts = Mutex(0)
        // Port 9 on loopback (discard): nothing listens, every upload fails at once.
        let issuer = Issuer.generateTestIssuer(programmeID: 1)
        let sync = SyncService(
            journal: journal, credential: issuer.enrolTerminal(id: 7),
            settings: SyncSettings(
                url: "http://127.0.0.1:9", timeout: .seconds(2), initialBackoff: .seconds(60), maximumBackoff: .seconds(600)),
            logger: Logger(label: "test.sync.clock"), wallTime: ManualWallTime(), clock: clock,
            onContact: { online, _ in if !online { attempts.withLock { $0 += 1 } } })
        let running = Task { try await sync.run() }
        defer { running.cancel() }

        try await Self.until { attempts.withLock { $0 } == 1 && clock.sleepers > 0 }
        // The backoff after one failure lies in 30...60 s: at 29 s nothing has been retried.
        clock.advance(by: .seconds(29))
        try await Task.sleep(for: .milliseconds(200))
        #expect(attempts.withLock { $0 } == 1, "retried before the backoff ended")
        clock.advance(by: .seconds(31))
        try await Self.until { attempts.withLock { $0 } == 2 }
        #expect(attempts.withLock { $0 } == 2)
    }

    /// Polls `condition` for up to 60 s of real time (the failures themselves are real HTTP, and
    /// at the start of a full run on two cores the tests' tasks may wait many seconds for a thread).
    static func until(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met in 60 s")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
