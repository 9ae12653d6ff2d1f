import Foundation
import Testing
import Timekeeping

/// The shared clock of a simulated store: one file that every process of the store reads.
@Suite("Simulated store clock")
struct SimulatedWallTimeTests {
    let path = NSTemporaryDirectory() + "shop-clock-" + UUID().uuidString

    @Test("a process on the store's clock reads the offset the simulator writes, at every reading")
    func followsTheFile() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let system = ManualWallTime(milliseconds: 1_800_000_000_000)
        let file = SimulatedClockFile(path: path)
        let shop = SimulatedWallTime(file: file, of: system)
        #expect(shop.millisecondsSinceEpoch() == 1_800_000_000_000, "no file yet: the system's time")
        try file.write(offsetMilliseconds: -86_400_000 * 300)
        #expect(shop.millisecondsSinceEpoch() == 1_800_000_000_000 - 86_400_000 * 300)
        try file.write(offsetMilliseconds: 3_600_000)
        system.advance(byMilliseconds: 500)
        #expect(shop.millisecondsSinceEpoch() == 1_800_003_600_500)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "3600000\n")
        #expect(!FileManager.default.fileExists(atPath: path + ".new"), "written by a rename: no half-written file left")
    }

    @Test("the environment decides: the store's clock when it names the file, else the system's")
    func environment() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(processWallTime(environment: [:]) is SystemWallTime)
        #expect(processWallTime(environment: [SimulatedClockFile.environmentVariable: ""]) is SystemWallTime)
        try SimulatedClockFile(path: path).write(offsetMilliseconds: 86_400_000)
        let shop = try #require(processWallTime(environment: [SimulatedClockFile.environmentVariable: path]) as? SimulatedWallTime)
        #expect(shop.file.path == path)
        let ahead = Int64(shop.millisecondsSinceEpoch()) - Int64(SystemWallTime().millisecondsSinceEpoch())
        #expect((86_399_000...86_401_000).contains(ahead))
    }

    @Test("a file that says nothing readable leaves the system's time")
    func unreadable() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "soon\n".write(toFile: path, atomically: true, encoding: .utf8)
        let system = ManualWallTime(milliseconds: 42_000)
        #expect(SimulatedWallTime(file: SimulatedClockFile(path: path), of: system).millisecondsSinceEpoch() == 42_000)
        #expect(throws: SimulatedClockError.self) { try SimulatedClockFile(path: "/nonexistent/folder/clock").write(offsetMilliseconds: 1) }
    }
}
