import Foundation
import PCSC
import TestSupport
import Testing
import VirtualCard

extension CardStackSuite {
    @Suite("Transmit through the real stack", .serialized)
    struct TransmitTests {
        let reader = PCSCDaemon.firstVirtualReader

        /// Inserts a test card, connects to it, and runs `body`; always removes the card.
        /// pcscd notices a card leaving only when it next polls the driver, so each test starts
        /// by waiting until the reader is empty and ends by waiting until it is empty again.
        func withCard(_ body: (CardConnection) async throws -> Void) async throws {
            let (card, context) = try await insertTestCard()
            do {
                let connection = try await context.connect(to: reader)
                try await body(connection)
                try? await connection.disconnect()
            } catch {
                card.remove()
                throw error
            }
            card.remove()
            try await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
        }

        func insertTestCard() async throws -> (VirtualCardHost, PCSCContext) {
            try await PCSCDaemon.ensureRunning()
            let context = try PCSCContext()
            try await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
            let card = VirtualCards.testCard()
            card.insert()
            _ = try await context.waitForCard(in: reader, timeout: .seconds(5))
            return (card, context)
        }

        @Test("the virtual readers are listed")
        func listsReaders() async throws {
            try await RealStack.shared {
                try await PCSCDaemon.ensureRunning()
                let readers = try await PCSCContext().readers()
                #expect(readers.contains(PCSCDaemon.firstVirtualReader))
                #expect(readers.contains(PCSCDaemon.secondVirtualReader))
            }
        }

        @Test("a reader command goes through SCardControl: vpcd, which has none, refuses it with an SCardError and the card still answers")
        func control() async throws {
            try await RealStack.shared {
                try await withCard { connection in
                    // The ACR1252U's Buzzer Control escape (SCARD_CTL_CODE(3500)).
                    let error = await #expect(throws: SCardError.self) {
                        _ = try await connection.control(ControlCode.scard(3500), [0xE0, 0x00, 0x00, 0x28, 0x01, 0x0A])
                    }
                    print("SCardControl on vpcd: \(error.map { "\($0)" } ?? "no error")")
                    let echo = try await connection.transmit(CommandAPDU(cla: 0x80, ins: 0x10, p1: 0, p2: 0, data: [1, 2, 3]))
                    #expect(echo.data == [1, 2, 3])
                }
            }
        }

        @Test("a command vpcd cannot carry drops the card's link: pcscd sees the card leave and come back within 2 s")
        func droppedLink() async throws {
            try await RealStack.shared {
                let (card, context) = try await insertTestCard()
                defer { card.remove() }
                let connection = try await context.connect(to: reader)
                // An extended APDU of 65,542 bytes: pcscd takes it, vpcd's 2-byte frame cannot.
                let tooLong: [UInt8] = [0x80, 0x01, 0x00, 0x00, 0x00, 0xFF, 0xFF] + Array(repeating: 0x5A, count: 65_535)
                await #expect(throws: (any Error).self) { _ = try await connection.transmit(raw: tooLong) }
                let dropped = ContinuousClock.now
                try? await connection.disconnect()
                // What a terminal does after a failed command: wait for the card to go, then
                // for a card. A card back before pcscd's presence poll is never seen to go.
                try await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
                _ = try await context.waitForCard(in: reader, timeout: .seconds(5))
                let back = ContinuousClock.now - dropped
                let again = try await context.connect(to: reader)
                let answer = try await again.transmit(.getUID)
                try? await again.disconnect()
                print("card seen to leave and come back after vpcd dropped its link: \(back)")
                #expect(answer.data == VirtualCards.testUID)
                #expect(back < .seconds(2))
            }
        }

        @Test("bytes shorter than a command header are refused unsent (1 byte would be a vpcd control frame)", arguments: [0, 1, 3])
        func shortCommandRefused(count: Int) async throws {
            try await RealStack.shared {
                try await withCard { connection in
                    await #expect(throws: APDUError.commandTooShort(count)) {
                        _ = try await connection.transmit(raw: Array(repeating: 0x04, count: count))
                    }
                    let answer = try await connection.transmit(.getUID)
                    #expect(answer.status == .success, "the reader still answers")
                }
            }
        }

        @Test("the card's UID comes back from FF CA 00 00 00")
        func readsUID() async throws {
            try await RealStack.shared {
                try await withCard { connection in
                    let answer = try await connection.transmit(.getUID)
                    #expect(answer.status == .success)
                    #expect(answer.data == VirtualCards.testUID)
                    #expect(try await connection.atr().first == 0x3B)
                }
            }
        }

        @Test("an answer split with 61xx is gathered with GET RESPONSE", arguments: [1, 64, 65, 300, 1000])
        func getResponseChaining(length: Int) async throws {
            try await RealStack.shared {
                try await withCard { connection in
                    let command = try CommandAPDU(cla: 0x80, ins: 0x12, p1: UInt8(length >> 8), p2: UInt8(length & 0xFF))
                    let answer = try await connection.transmit(command)
                    #expect(answer.status == .success)
                    #expect(answer.data == (0..<length).map { UInt8(truncatingIfNeeded: $0) })
                }
            }
        }

        @Test("6Cxx makes the command go again with the length the card gave")
        func wrongLengthReissue() async throws {
            try await RealStack.shared {
                try await withCard { connection in
                    let command = try CommandAPDU(cla: 0x80, ins: 0x14, p1: 0, p2: 0, expectedLength: 1)
                    let answer = try await connection.transmit(command)
                    #expect(answer.status == .success)
                    #expect(answer.data == (0..<32).map { UInt8($0) })
                }
            }
        }

        @Test("an echo of 255 bytes and a 2000-byte answer go through")
        func longCommandAndAnswer() async throws {
            try await RealStack.shared {
                try await withCard { connection in
                    let payload = (0..<255).map { UInt8($0) }
                    let echo = try await connection.transmit(CommandAPDU(cla: 0x80, ins: 0x10, p1: 0, p2: 0, data: payload))
                    #expect(echo.data == payload)
                    let long = try await connection.transmit(CommandAPDU(cla: 0x80, ins: 0x18, p1: 0x07, p2: 0xD0, expectedLength: 65_536))
                    #expect(long.data.count == 2000)
                }
            }
        }

        @Test("an exclusive transaction begins and ends")
        func transaction() async throws {
            try await RealStack.shared {
                try await withCard { connection in
                    let uid = try await connection.withTransaction {
                        try await connection.transmit(.getUID).data
                    }
                    #expect(uid == VirtualCards.testUID)
                }
            }
        }

        @Test("a card pulled in the middle of a command gives a clear error")
        func cardPulledMidCommand() async throws {
            try await RealStack.shared {
                let (card, context) = try await insertTestCard()
                defer { card.remove() }
                let connection = try await context.connect(to: reader)
                card.pullDuringCommand(number: card.commandCount + 1)
                let error = await #expect(throws: SCardError.self) {
                    _ = try await connection.transmit(.getUID)
                }
                print("card pulled mid-command: \(error.map { "\($0)" } ?? "-")")
                #expect(error?.meansCardGone == true)
                try await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
            }
        }
    }
}
