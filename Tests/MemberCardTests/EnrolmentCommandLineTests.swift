import CardProfile
import Foundation
import StoreProcesses
import Testing
import VirtualCard

extension MemberCardStackTests {
    @Test("member-card --blank makes a blank card; tap-bench --enrol personalises a fresh one each round beside the sale taps")
    func enrolmentCommandLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enrol-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let issuer = folder.appendingPathComponent("issuer.json").path
        let credential = folder.appendingPathComponent("terminal.json").path
        let image = folder.appendingPathComponent("card.img").path
        let sim = BuiltProducts.executable("loyalty-sim")
        #expect(try await ProcessRunner.run(sim, ["issuer", "create", "--out", issuer]).status == 0)
        let enrol = try await ProcessRunner.run(
            sim,
            [
                "issuer", "enrol-terminal", "--issuer", issuer, "--id", "12", "--out", credential, "--enrol-members",
                "--enrol-from", "2026-01-01", "--enrol-until", "2026-12-31",
            ])
        #expect(enrol.status == 0, "\(enrol.standardError)")

        // The simulator presents a blank card it makes itself when the image does not exist.
        let presented = try await StackHarness.stable {
            try await ProcessRunner.run(
                sim, ["member-card", "--blank", "--image", image, "--port", "\(StackHarness.port)", "--seconds", "0.3"])
        }
        #expect(presented.status == 0, "\(presented.standardError)")
        #expect(try CardImageFile(path: image).read().isBlank)

        let bench = try await StackHarness.stable {
            try await StackHarness.withCard(StackHarness.host(try MemberCardApplication(imagePath: image))) { _ in
                try await ProcessRunner.run(
                    BuiltProducts.executable("loyalty-terminal"),
                    [
                        "tap-bench", "--issuer", issuer, "--credential", credential, "--reader", StackHarness.reader, "--rounds", "10",
                        "--enrol", "--image", image,
                    ])
            }
        }
        #expect(bench.status == 0, "\(bench.standardError)")
        let figures = try JSONSerialization.jsonObject(with: Data(bench.standardOutput.utf8)) as? [String: Any]
        let enrolment = figures?["enrolment"] as? [String: Any]
        #expect(enrolment?["commandsPerEnrolment"] as? Int == 4)
        #expect(enrolment?["apdusPerEnrolment"] as? Int == 4)
        #expect((enrolment?["medianMicroseconds"] as? Double ?? 0) > 0)
        #expect(figures?["commandsPerTap"] as? Int == 3)
        print("tap-bench --enrol (debug build, 10 rounds): \(bench.standardOutput)")
        let last = try CardImageFile(path: image).read()
        #expect(last.record?.record.memberID == "E12-15", "the last of 15 rounds (5 warm-up)")
        #expect(last.envelope != nil)
    }
}
