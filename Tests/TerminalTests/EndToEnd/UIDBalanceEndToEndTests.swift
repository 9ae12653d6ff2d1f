import Foundation
import Logging
import LoyaltyJournal
import StoreProcesses
import TestSupport
import Testing
import Timekeeping
import VirtualCard

/// A UID-only card's balance through the real stack: the terminal process with a small journal,
/// pcscd, vpcd, a UID-only virtual card, and a back office process. The card carries no state,
/// so once the ring has overwritten its transactions and the terminal restarted, its points
/// come from the state the terminal kept beside its journal, or from the back office.
@Suite("UID-only balances end to end", .serialized)
struct UIDBalanceEndToEndTests {
    static let uid: [UInt8] = [0x04, 0x5A, 0x6B, 0x7C, 0x8D, 0x9E, 0xAF]

    @Test(
        "earn with a UID-only card, wrap the journal's ring, restart: the balance is right offline (kept beside the journal) and online (from the back office)"
    )
    func balanceSurvivesWrapAndRestart() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice(journalSize: "64K") { terminal, server, _ in
            terminal.host.remove()
            let uidHost = VirtualCardHost(
                application: UIDCard(uid: Self.uid), port: TerminalHarness.cardPort, logger: Logger(label: "test.uid"))
            defer { uidHost.remove() }
            try await PCSCDaemon.waitForEmptyReader(TerminalHarness.reader)
            uidHost.insert()
            let earned = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("U-1", 2_000_000))
            #expect(earned.body["trust"] as? String == "uid-only", "\(String(decoding: earned.data, as: UTF8.self))")
            let balance = try #require(earned.body["balance"] as? Int)
            #expect(balance > 0)
            let earnedAt = try #require(earned.body["journalSequence"] as? Int)

            // The member card buys until the ring has overwritten the UID-only card's sale.
            uidHost.remove()
            try await terminal.insertCard()
            var wrapped = false
            for round in 0..<60 where !wrapped {
                for index in 0..<10 {
                    let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("F-\(round)-\(index)", 100_000))
                    if sale.status != 200 {
                        // Full until the back office has the records: wait for the sync.
                        try await Task.sleep(for: .milliseconds(300))
                    }
                }
                wrapped = try Self.oldestSequence(terminal) > UInt64(earnedAt)
            }
            #expect(wrapped, "the ring never overwrote the UID-only sale")
            terminal.host.remove()

            // Offline: the back office is gone, the terminal restarts.
            _ = try await server.stop()
            _ = try await terminal.stop()
            try await terminal.start()
            try await PCSCDaemon.waitForEmptyReader(TerminalHarness.reader)
            uidHost.insert()
            let offline = try await terminal.post("/v1/balance", #"{"waitSeconds":5}"#)
            #expect(offline.body["balance"] as? Int == balance, "\(String(decoding: offline.data, as: UTF8.self))")
            uidHost.remove()

            // Online, with nothing kept beside the journal: the back office's state.
            _ = try await terminal.stop()
            try FileManager.default.removeItem(atPath: terminal.journalPath + ".uid-states")
            try await server.start()
            try await terminal.start()
            try await PCSCDaemon.waitForEmptyReader(TerminalHarness.reader)
            uidHost.insert()
            var online: Int?
            for _ in 0..<20 {
                let answer = try await terminal.post("/v1/balance", #"{"waitSeconds":5}"#)
                online = answer.body["balance"] as? Int
                if online == balance { break }
                // Until the sync service has reached the back office, the terminal is offline.
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(online == balance, "the back office's state was not used")
            #expect(terminal.log.contains("UID-only state from the back office"))
        }
    }

    static func oldestSequence(_ terminal: TerminalHarness) throws -> UInt64 {
        let journal = try Journal.open(path: terminal.journalPath, options: JournalOptions(clock: SystemWallTime(), readOnly: true))
        defer { try? journal.close() }
        return try journal.statistics().oldestSequence
    }
}
