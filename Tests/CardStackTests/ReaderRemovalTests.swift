import Foundation
import PCSC
import TestSupport
import Testing

extension CardStackSuite {
    /// Readers leaving and coming back, on the real `pcscd` and vpcd, as the event stream and
    /// `SCardListReaders` see them.
    @Suite("Readers leaving and coming back", .serialized)
    struct ReaderRemovalTests {
        let first = PCSCDaemon.firstVirtualReader
        let second = PCSCDaemon.secondVirtualReader

        /// The readers `pcscd` lists now.
        func listedReaders() async throws -> [String] {
            let context = try PCSCContext()
            defer { context.release() }
            return try await context.readers()
        }

        @Test("the card side of vpcd closing takes the card away, not the reader")
        func cardLeavesReaderStays() async throws {
            try await RealStack.withReader(first) {
                try await PCSCDaemon.ensureRunning()
                try await PCSCDaemon.waitForEmptyReader(first)
                let events = EventRecorder()
                defer { events.stop() }
                #expect(try await events.next { $0 == .readerAdded(first) } != nil)
                let card = VirtualCards.testCard()
                card.insert()
                defer { card.remove() }
                #expect(try await events.next { if case .cardInserted(first, _) = $0 { true } else { false } } != nil)

                card.remove()
                #expect(try await events.next { $0 == .cardRemoved(reader: first) } != nil)
                #expect(try await events.next(within: .seconds(1)) { $0 == .readerRemoved(first) } == nil)
                #expect(try await listedReaders().contains(first))
            }
        }

        @Test("pcscd restarted with a reader fewer: the reader and its card are reported gone; back with the next restart, card and all")
        func readerGoneAndBack() async throws {
            try await RealStack.exclusive {
                try await PCSCDaemon.ensureRunning()
                try await PCSCDaemon.waitForEmptyReader(first)
                let events = EventRecorder()
                defer { events.stop() }
                #expect(try await events.next { $0 == .readerAdded(first) } != nil)
                let card = VirtualCards.testCard()
                card.insert()
                defer { card.remove() }
                #expect(try await events.next { if case .cardInserted(first, _) = $0 { true } else { false } } != nil)

                do {
                    // Gone: the daemon comes back without the vpcd driver.
                    var mark = events.events.count
                    try await PCSCDaemon.restartWithoutReaders()
                    #expect(try await events.next { $0 == .serviceRestored } != nil)
                    let whileGone = Array(events.events[mark...])
                    #expect(whileGone.contains { if case .serviceUnavailable = $0 { true } else { false } })
                    #expect(whileGone.contains(.cardRemoved(reader: first)))
                    #expect(whileGone.contains(.readerRemoved(first)))
                    #expect(whileGone.contains(.readerRemoved(second)))
                    #expect(try await events.next(within: .seconds(1.5)) { if case .readerAdded = $0 { true } else { false } } == nil)
                    #expect(try await listedReaders().isEmpty)
                    #expect(!card.isConnected, "the card has no reader to be in")
                    #expect(card.isInserted, "the card is still meant to be there: it comes back with its reader")

                    // Back: the usual daemon, the driver loaded again; the card finds its reader.
                    mark = events.events.count
                    let restarted = ContinuousClock.now
                    try await PCSCDaemon.restart()
                    #expect(try await events.next { $0 == .readerAdded(first) } != nil)
                    #expect(try await events.next { if case .cardInserted(first, _) = $0 { true } else { false } } != nil)
                    print("reader back: reader and card events \(ContinuousClock.now - restarted) after the restart began")
                    #expect(events.events[mark...].contains(.readerAdded(second)))
                    #expect(Set(try await listedReaders()).isSuperset(of: [first, second]))

                    // And the card answers through it.
                    let context = try PCSCContext()
                    defer { context.release() }
                    let connection = try await context.connect(to: first)
                    let answer = try await connection.transmit(.getUID)
                    #expect(answer.status == .success)
                    #expect(answer.data == VirtualCards.testUID)
                    try await connection.disconnect()
                } catch {
                    try? await PCSCDaemon.restart()
                    throw error
                }
            }
        }
    }
}
