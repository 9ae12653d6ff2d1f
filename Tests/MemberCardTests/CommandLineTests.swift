import CardProfile
import Foundation
import StoreProcesses
import Testing
import VirtualCard

extension MemberCardStackTests {
    @Test("issuer tooling and read-card --json, run as a user runs them")
    func commandLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("membercard-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let issuer = folder.appendingPathComponent("issuer.json").path
        let image = folder.appendingPathComponent("card.img").path
        let sim = BuiltProducts.executable("loyalty-sim")
        let create = try await ProcessRunner.run(sim, ["issuer", "create", "--out", issuer])
        #expect(create.status == 0, "\(create.standardError)")
        #expect(try IssuerFile.load(issuer).test)
        let personalise = try await ProcessRunner.run(
            sim,
            [
                "issuer", "personalise", "--issuer", issuer, "--out", image,
                "--member", "M-CLI-1", "--issued", "2026-01-01", "--expires", "2027-12-31",
                "--birthday", "03-14",
            ])
        #expect(personalise.status == 0, "\(personalise.standardError)")
        for (uid, birthday) in [("04A1B2C3D4E5F60708", "03-14"), ("04A1B2C", "03-14"), ("04A1B2C3", "14-03")] {
            let refused = try await ProcessRunner.run(
                sim,
                [
                    "issuer", "personalise", "--issuer", issuer, "--out", image + ".bad",
                    "--member", "M-CLI-2", "--issued", "2026-01-01", "--expires", "2027-12-31",
                    "--birthday", birthday, "--uid", uid,
                ])
            #expect(refused.status != 0 && refused.standardError.contains("must be"), "\(uid) \(birthday): \(refused.standardError)")
            #expect(!FileManager.default.fileExists(atPath: image + ".bad"))
        }

        let host = StackHarness.host(try MemberCardApplication(imagePath: image))
        let result = try await StackHarness.stable {
            try await StackHarness.withCard(host) { _ in
                try await ProcessRunner.run(
                    BuiltProducts.executable("loyalty-terminal"),
                    [
                        "read-card", "--json", "--issuer", issuer, "--reader", StackHarness.reader,
                        "--accept-test-cards", "--today", "2026-11-23", "--timeout", "5",
                    ])
            }
        }
        #expect(result.status == 0, "\(result.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(json?["memberID"] as? String == "M-CLI-1")
        #expect(json?["trust"] as? String == "member-card")
        #expect(json?["cardClass"] as? String == "test")
        #expect(json?["apdus"] as? Int == 2)
        #expect((json?["steps"] as? [Any])?.count == 6)
        print("read-card --json:\n\(result.standardOutput)")

        // The tap benchmark, briefly: taps that write states, beside raw round trips.
        let credential = folder.appendingPathComponent("terminal.json").path
        let enrol = try await ProcessRunner.run(sim, ["issuer", "enrol-terminal", "--issuer", issuer, "--id", "12", "--out", credential])
        #expect(enrol.status == 0, "\(enrol.standardError)")
        let bench = try await StackHarness.stable {
            try await StackHarness.withCard(StackHarness.host(try MemberCardApplication(imagePath: image))) { _ in
                try await ProcessRunner.run(
                    BuiltProducts.executable("loyalty-terminal"),
                    [
                        "tap-bench", "--issuer", issuer, "--credential", credential, "--reader", StackHarness.reader, "--rounds", "10",
                    ])
            }
        }
        #expect(bench.status == 0, "\(bench.standardError)")
        let figures = try JSONSerialization.jsonObject(with: Data(bench.standardOutput.utf8)) as? [String: Any]
        #expect(figures?["apdu"] as? String == "extended")
        #expect(figures?["commandsPerTap"] as? Int == 3)
        #expect(figures?["apdusPerTap"] as? Int == 3)
        print("tap-bench (debug build, 10 rounds): \(bench.standardOutput)")

        // With the reader's success feedback after each tap, as the checkout sends it: one APDU more.
        let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("hardware/readers").path
        let signalled = try await StackHarness.stable {
            try await StackHarness.withCard(StackHarness.host(try MemberCardApplication(imagePath: image))) { _ in
                try await ProcessRunner.run(
                    BuiltProducts.executable("loyalty-terminal"),
                    [
                        "tap-bench", "--issuer", issuer, "--credential", credential, "--reader", StackHarness.reader, "--rounds", "10",
                        "--feedback", "--profiles", profiles,
                    ])
            }
        }
        #expect(signalled.status == 0, "\(signalled.standardError)")
        let signalledFigures = try JSONSerialization.jsonObject(with: Data(signalled.standardOutput.utf8)) as? [String: Any]
        #expect(signalledFigures?["feedback"] as? Bool == true)
        #expect(signalledFigures?["apdusPerTap"] as? Int == 4)
        print("tap-bench --feedback (debug build, 10 rounds): \(signalled.standardOutput)")

        // The same through a reader that refuses extended APDUs: chaining and GET RESPONSE.
        let short = try await StackHarness.stable {
            let host = StackHarness.host(try MemberCardApplication(imagePath: image), shortAPDUsOnly: true)
            return try await StackHarness.withCard(host) { _ in
                try await ProcessRunner.run(
                    BuiltProducts.executable("loyalty-terminal"),
                    [
                        "tap-bench", "--issuer", issuer, "--credential", credential, "--reader", StackHarness.reader, "--rounds", "10",
                        "--apdu", "short",
                    ])
            }
        }
        #expect(short.status == 0, "\(short.standardError)")
        let shortFigures = try JSONSerialization.jsonObject(with: Data(short.standardOutput.utf8)) as? [String: Any]
        #expect(shortFigures?["apdu"] as? String == "short")
        #expect(shortFigures?["commandsPerTap"] as? Int == 3)
        #expect((shortFigures?["apdusPerTap"] as? Int ?? 0) > 3)
        print("tap-bench --apdu short (debug build, 10 rounds): \(short.standardOutput)")
        let stored = try CardImageFile(path: image).read()
        #expect(stored.envelope != nil)
    }
}
