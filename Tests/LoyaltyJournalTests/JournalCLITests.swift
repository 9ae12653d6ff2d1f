import Foundation
import LoyaltyJournal
import StoreProcesses
import Testing
import Timekeeping

/// The `loyalty-terminal journal ...` commands, run as a technician runs them.
@Suite struct JournalCLITests {
    let binary = BuiltProducts.executable("loyalty-terminal")

    private func run(_ arguments: String...) async throws -> ProcessResult {
        try await ProcessRunner.run(binary, ["journal"] + arguments)
    }

    @Test func createStressInspectExportVerify() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build loyalty-terminal first")
        let directory = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/cli.journal"

        #expect(try await run("create", "--path", path, "--size", "1M").status == 0)
        #expect(try await run("create", "--path", path, "--size", "1M").status != 0, "create over an existing file")
        let stress = try await run("stress", "--path", path, "--count", "25", "--max-payload", "1000", "--keep-unsynced", "10")
        #expect(stress.status == 0, "\(stress.standardError)")
        #expect(stress.standardOutput.split(separator: "\n") == (1...25).map { Substring(String($0)) })

        let inspect = try await run("inspect", "--path", path, "--json")
        #expect(inspect.status == 0)
        let fields = try JSONSerialization.jsonObject(with: Data(inspect.standardOutput.utf8)) as? [String: Any]
        #expect(fields?["headSequence"] as? Int == 25)
        #expect(fields?["syncSequence"] as? Int == 15)
        #expect(fields?["capacityRecords"] as? Int == (1 << 20 - 8192) / 512)
        #expect(fields?["oldestUnsyncedAgeMs"] != nil)
        #expect(try await run("inspect", "--path", path).standardOutput.contains("sync mark"))

        let export = try await run("export", "--path", path, "--from", "20")
        let lines = export.standardOutput.split(separator: "\n")
        #expect(lines.count == 6)
        for (index, line) in lines.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["sequence"] as? Int == 20 + index)
            let payload = Data(base64Encoded: object?["payloadBase64"] as? String ?? "").map { [UInt8]($0) }
            #expect(payload.map { SyntheticPayload.isValid($0, sequence: UInt64(20 + index), maxLength: 1000) } == true)
        }

        let clean = try await run("verify", "--path", path, "--json")
        #expect(clean.status == 0)
        #expect(clean.standardOutput.contains("\"clean\" : true"))

        // Damage transaction 18 (in the live range, not the last): verify exits non-zero and
        // names the slot and its offset; inspect refuses rather than cutting the journal short.
        let journal = try Journal.open(path: path, options: JournalOptions(clock: ManualWallTime(), readOnly: true))
        var cursor = try journal.transactions(from: 18)
        let record = try #require(try cursor.next()).firstRecord
        try journal.close()
        let offset = 8192 + Int(record) * 512 + 100
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64(offset))
        let byte = try #require(try handle.read(upToCount: 1)).first!
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: [byte ^ 0x10])
        try handle.close()

        let corrupt = try await run("verify", "--path", path)
        #expect(corrupt.status == 1)
        #expect(corrupt.standardOutput.contains("CORRUPT") && corrupt.standardOutput.contains("slot \(record)"))
        #expect(corrupt.standardOutput.contains("file offset \(8192 + Int(record) * 512)"))
        let refused = try await run("inspect", "--path", path)
        #expect(refused.status != 0 && refused.standardError.contains("corrupted"))
    }

    @Test func badArguments() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build loyalty-terminal first")
        #expect(try await run("create", "--path", "/nonexistent-dir/x.journal", "--size", "1M").status != 0)
        #expect(try await run("create", "--path", "/tmp/x.journal", "--size", "12").status != 0)
        #expect(try await run("inspect", "--path", "/nonexistent-dir/x.journal").standardError.contains("error"))
    }
}
