import Foundation
import TestSupport
import Testing

/// The running terminal's `/health` while its reader goes away and comes back, on the real
/// `pcscd` and vpcd (restarted with a reader fewer, then as usual).
@Suite("Terminal health as its reader goes and comes back", .serialized)
struct ReaderHealthEndToEndTests {
    /// Asks `/health` until `satisfied` holds (or 10 s pass); the last answer.
    static func health(
        of terminal: TerminalHarness, until satisfied: (TerminalHarness.Reply) -> Bool
    ) async throws -> TerminalHarness.Reply {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let reply = try await terminal.get("/health")
            if satisfied(reply) || ContinuousClock.now >= deadline { return reply }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    static func describe(_ reply: TerminalHarness.Reply) -> String { "\(reply.status) \(String(decoding: reply.data, as: UTF8.self))" }

    @Test("health shows the reader gone (503, degraded) while pcscd runs without it, and back (200, card on it) after")
    func readerGoneAndBack() async throws {
        try await RealStack.exclusive {
            try await PCSCDaemon.ensureRunning()
            try await PCSCDaemon.waitForEmptyReader(TerminalHarness.reader)
            let terminal = try TerminalHarness()
            do {
                try await terminal.start()
                try await terminal.insertCard()
                let before = try await Self.health(of: terminal) { $0.body["cardPresent"] as? Bool == true }
                #expect(before.status == 200, "\(Self.describe(before))")
                #expect(before.body["readerPresent"] as? Bool == true)

                try await PCSCDaemon.restartWithoutReaders()
                let gone = try await Self.health(of: terminal) { $0.body["readerPresent"] as? Bool == false }
                #expect(gone.status == 503, "\(Self.describe(gone))")
                #expect(gone.body["status"] as? String == "degraded")
                #expect(gone.body["cardPresent"] as? Bool == false)
                #expect((gone.body["problems"] as? [String])?.contains { $0.contains(TerminalHarness.reader) } == true)

                try await PCSCDaemon.restart()
                let back = try await Self.health(of: terminal) { $0.body["cardPresent"] as? Bool == true }
                #expect(back.status == 200, "\(Self.describe(back))")
                #expect(back.body["readerPresent"] as? Bool == true)
                #expect(terminal.log.contains("the terminal's reader is gone"))
            } catch {
                let log = terminal.log
                await terminal.cleanUp()
                try? await PCSCDaemon.restart()
                throw HarnessError("\(error)\n--- terminal log ---\n\(log.suffix(4000))")
            }
            await terminal.cleanUp()
        }
    }
}
