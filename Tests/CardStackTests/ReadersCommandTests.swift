import Foundation
import PCSC
import StoreProcesses
import TestSupport
import Testing

extension CardStackSuite {
    @Suite("loyalty-terminal readers, run as a technician runs it", .serialized)
    struct ReadersCommandTests {
        let terminal = BuiltProducts.executable("loyalty-terminal")
        let profiles = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().appendingPathComponent("../../hardware/readers").standardized.path

        @Test("--json lists each reader with its profile, and the card's ATR and UID")
        func jsonWithCard() async throws {
            try await RealStack.shared {
                try await PCSCDaemon.ensureRunning()
                let context = try PCSCContext()
                try await context.waitForCardRemoval(from: PCSCDaemon.firstVirtualReader, timeout: .seconds(5))
                let empty = try await ProcessRunner.run(terminal, ["readers", "--json", "--profiles", profiles])
                let before = try JSONSerialization.jsonObject(with: Data(empty.standardOutput.utf8)) as? [[String: Any]]
                let emptyReader = try #require(before?.first { $0["name"] as? String == PCSCDaemon.firstVirtualReader })
                #expect(emptyReader["cardPresent"] as? Bool == false)
                #expect(emptyReader["atr"] is NSNull)
                #expect(emptyReader["uid"] is NSNull)

                let card = VirtualCards.testCard()
                card.insert()
                defer { card.remove() }
                _ = try await context.waitForCard(in: PCSCDaemon.firstVirtualReader, timeout: .seconds(5))

                let result = try await ProcessRunner.run(terminal, ["readers", "--json", "--profiles", profiles])
                #expect(result.status == 0, "\(result.standardError)")
                let readers = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]]
                let first = try #require(readers?.first { $0["name"] as? String == PCSCDaemon.firstVirtualReader })
                #expect(first["profile"] as? String == "vpcd-virtual")
                #expect(first["cardPresent"] as? Bool == true)
                #expect((first["atr"] as? String)?.hasPrefix("3B") == true)
                #expect(first["uid"] as? String == Hex.encode(VirtualCards.testUID))
                #expect(readers?.contains { $0["name"] as? String == PCSCDaemon.secondVirtualReader } == true)
            }
        }

        @Test("the table names the reader and the UID")
        func table() async throws {
            try await RealStack.shared {
                try await PCSCDaemon.ensureRunning()
                let result = try await ProcessRunner.run(terminal, ["readers", "--profiles", profiles])
                #expect(result.status == 0)
                #expect(result.standardOutput.contains("READER"))
                #expect(result.standardOutput.contains(PCSCDaemon.firstVirtualReader))
            }
        }

        @Test("without pcscd: a clear message and a non-zero exit")
        func withoutDaemon() async throws {
            try await RealStack.exclusive {
                try await PCSCDaemon.stop()
                defer { try? PCSCDaemon.start() }
                let result = try await ProcessRunner.run(terminal, ["readers", "--json"])
                #expect(result.status != 0)
                #expect(result.standardError.contains("pcscd is not running"))
                try await PCSCDaemon.ensureRunning()
            }
        }

        @Test("a profile folder that does not exist is refused by name")
        func missingProfiles() async throws {
            let result = try await ProcessRunner.run(terminal, ["readers", "--profiles", "/nonexistent/profiles"])
            #expect(result.status != 0)
            #expect(result.standardError.contains("/nonexistent/profiles"))
        }
    }
}
