import Foundation
import LoyaltyJournal
import StoreProcesses
import Testing
import Timekeeping

/// `kill -9` at random moments of `loyalty-terminal journal stress`, hundreds of times: every
/// sequence the process printed as durable is in the journal after reopening, the sequences have
/// no gaps, and no partial or wrong transaction is ever returned.
@Suite(.serialized) struct KillTests {
    static var kills: Int { Int(ProcessInfo.processInfo.environment["JOURNAL_KILL_COUNT"] ?? "") ?? 300 }
    static let maxPayload = 1200  // 1 to 3 records per transaction

    @Test func killNineDuringAppends() async throws {
        // Blocks for half a minute (sleeps, waits for the killed process): off the test pool.
        try await blockingWork {
            let binary = BuiltProducts.executable("loyalty-terminal")
            try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build loyalty-terminal first: \(binary.path)")
            let directory = TemporaryDirectory.make()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/kill.journal"
            // 64 KiB + 8 KiB: 128 slots, so the ring wraps many times during the run.
            let created = try await ProcessRunner.run(binary, ["journal", "create", "--path", path, "--size", "73728"])
            #expect(created.status == 0, "\(created.standardError)")

            var rng = SplitMix64(seed: UInt64(Date().timeIntervalSince1970))
            var acknowledged = 0
            var missing = 0
            var highest: UInt64 = 0
            var killedWhileRunning = 0
            let started = Date()
            for round in 0..<Self.kills {
                let process = Process()
                process.executableURL = binary
                process.arguments = [
                    "journal", "stress", "--path", path, "--count", "1000000",
                    "--max-payload", String(Self.maxPayload), "--keep-unsynced", String(20 + round % 40),
                ]
                let output = Pipe()
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                try process.run()
                usleep(UInt32(5_000 + rng.next() % 120_000))
                if process.isRunning { killedWhileRunning += 1 }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    .split(separator: "\n").compactMap { UInt64($0) }
                acknowledged += printed.count

                let journal = try Journal.open(path: path, options: JournalOptions(clock: SystemWallTime(), readOnly: true))
                let snapshot = try Snapshot(journal)  // Checks gapless sequences from the oldest on.
                for (sequence, payload) in snapshot.transactions {
                    #expect(
                        SyntheticPayload.isValid(payload, sequence: sequence, maxLength: Self.maxPayload),
                        "transaction \(sequence) is not what was appended")
                }
                for sequence in printed {
                    let present =
                        sequence <= snapshot.lastSequence
                        && (sequence < snapshot.oldestSequence || snapshot.transactions[sequence] != nil)
                    if !present { missing += 1 }
                    #expect(present, "round \(round): printed sequence \(sequence) missing (\(snapshot))")
                }
                #expect(snapshot.lastSequence >= highest, "the journal went backwards")
                highest = snapshot.lastSequence
                try journal.close()
            }
            let verified = try await ProcessRunner.run(binary, ["journal", "verify", "--path", path])
            #expect(verified.status == 0, "\(verified.standardOutput)")
            print(
                "kill-9 test: \(Self.kills) kills (\(killedWhileRunning) while running), \(acknowledged) sequences "
                    + "printed as durable, \(missing) missing, \(highest) transactions in all, no gaps, no partial record; "
                    + "\(Int(Date().timeIntervalSince(started))) s")
            #expect(missing == 0)
        }
    }
}
