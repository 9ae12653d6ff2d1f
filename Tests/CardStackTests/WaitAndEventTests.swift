import Foundation
import Logging
import PCSC
import TestSupport
import Testing

extension CardStackSuite {
    @Suite("Waiting, events and recovery", .serialized)
    struct WaitAndEventTests {
        let reader = PCSCDaemon.firstVirtualReader

        /// Each cancellation test takes the median of several trials against 50 ms: a wait that
        /// only noticed the cancellation at its next 200 ms slice (a cancel that never reached the
        /// blocked `SCardGetStatusChange`) would take about 100 ms on the median, and fail; one
        /// slow trial on a busy machine does not.
        static let trials = 9
        static let bound: Duration = .milliseconds(50)

        static func median(_ durations: [Duration]) -> Duration { durations.sorted()[durations.count / 2] }

        @Test("cancelling before the wait starts returns within 50 ms")
        func cancelBeforeWait() async throws {
            try await RealStack.shared {
                try await PCSCDaemon.ensureRunning()
                let context = try PCSCContext()
                try await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
                var elapsed: [Duration] = []
                for _ in 0..<Self.trials {
                    let started = ContinuousClock.now
                    let task = Task {
                        // Runs only after the cancellation below: the task is cancelled before it waits.
                        try await context.waitForCard(in: reader)
                    }
                    task.cancel()
                    await #expect(throws: CancellationError.self) { try await task.value }
                    elapsed.append(ContinuousClock.now - started)
                }
                print("cancel before wait: median \(Self.median(elapsed)) of \(elapsed)")
                #expect(Self.median(elapsed) < Self.bound)
            }
        }

        @Test("cancelling during a blocked wait returns within 50 ms")
        func cancelDuringWait() async throws {
            try await RealStack.shared {
                try await PCSCDaemon.ensureRunning()
                let context = try PCSCContext()
                try await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
                var elapsed: [Duration] = []
                for trial in 0..<Self.trials {
                    let task = Task { try await context.waitForCard(in: reader) }
                    // Well inside a wait slice, at a different point of it each time.
                    try await Task.sleep(for: .milliseconds(300 + 23 * trial))
                    let cancelledAt = ContinuousClock.now
                    task.cancel()
                    await #expect(throws: CancellationError.self) { try await task.value }
                    elapsed.append(ContinuousClock.now - cancelledAt)
                }
                print("cancel during wait: median \(Self.median(elapsed)) of \(elapsed)")
                #expect(Self.median(elapsed) < Self.bound)
            }
        }

        @Test("a wait with a time limit ends with SCARD_E_TIMEOUT")
        func waitTimeout() async throws {
            try await RealStack.shared {
                try await PCSCDaemon.ensureRunning()
                let context = try PCSCContext()
                try await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
                await #expect(throws: SCardError.timeout) {
                    try await context.waitForCard(in: reader, timeout: .milliseconds(300))
                }
            }
        }

        @Test("the event stream reports readers, then card insertion and removal")
        func insertAndRemoveEvents() async throws {
            try await RealStack.shared {
                try await PCSCDaemon.ensureRunning()
                let events = EventRecorder()
                defer { events.stop() }
                #expect(try await events.next { $0 == .readerAdded(reader) } != nil)
                let card = VirtualCards.testCard()
                card.insert()
                defer { card.remove() }
                let inserted = try await events.next {
                    if case .cardInserted(reader, _) = $0 { true } else { false }
                }
                guard case .cardInserted(_, let atr) = inserted else {
                    Issue.record("no card insertion event")
                    return
                }
                #expect(atr.first == 0x3B)
                card.remove()
                #expect(try await events.next { $0 == .cardRemoved(reader: reader) } != nil)
            }
        }

        @Test("the event stream survives a pcscd restart and sees the next card")
        func recoversFromDaemonRestart() async throws {
            try await RealStack.exclusive {
                try await PCSCDaemon.ensureRunning()
                let events = EventRecorder()
                defer { events.stop() }
                #expect(try await events.next { $0 == .readerAdded(reader) } != nil)

                try await PCSCDaemon.stop()
                #expect(try await events.next { if case .serviceUnavailable = $0 { true } else { false } } != nil)
                try PCSCDaemon.start()
                let restartedAt = ContinuousClock.now
                #expect(try await events.next { $0 == .serviceRestored } != nil)
                #expect(try await events.next { $0 == .readerAdded(reader) } != nil)
                let recovery = ContinuousClock.now - restartedAt
                print("pcscd restart: event stream back \(recovery) after the new pcscd started")
                #expect(recovery < .seconds(2))

                let card = VirtualCards.testCard()
                card.insert()
                defer { card.remove() }
                let seen = try await events.next {
                    if case .cardInserted(reader, _) = $0 { true } else { false }
                }
                #expect(seen != nil)
            }
        }
    }
}
