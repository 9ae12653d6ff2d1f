import Foundation
import Logging
import PCSC
import Testing
import TestSupport

extension CardStackSuite {
    @Suite("Waiting, events and recovery", .serialized)
    struct WaitAndEventTests {
        let reader = PCSCDaemon.firstVirtualReader

        @Test("cancelling before the wait starts returns at once")
        func cancelBeforeWait() async throws {
            try await RealStack.shared {
                try await PCSCDaemon.ensureRunning()
                let context = try PCSCContext()
                try await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
                let started = ContinuousClock.now
                let task = Task {
                    // Runs only after the cancellation below: the task is cancelled before it waits.
                    try await context.waitForCard(in: reader)
                }
                task.cancel()
                await #expect(throws: CancellationError.self) { try await task.value }
                let elapsed = ContinuousClock.now - started
                print("cancel before wait: returned after \(elapsed)")
                #expect(elapsed < .milliseconds(500))
            }
        }

        @Test("cancelling during a blocked wait returns promptly")
        func cancelDuringWait() async throws {
            try await RealStack.shared {
                try await PCSCDaemon.ensureRunning()
                let context = try PCSCContext()
                try await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
                let task = Task { try await context.waitForCard(in: reader) }
                try await Task.sleep(for: .milliseconds(700))
                let cancelledAt = ContinuousClock.now
                task.cancel()
                await #expect(throws: CancellationError.self) { try await task.value }
                let elapsed = ContinuousClock.now - cancelledAt
                print("cancel during wait: returned \(elapsed) after the cancel")
                #expect(elapsed < .milliseconds(500))
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
