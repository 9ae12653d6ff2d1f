import ArgumentParser
import Testing
import VirtualCard

@testable import SimulatorApp

/// `loyalty-sim card`: a UID-only card on a vpcd reader; what it accepts before it starts.
@Suite("loyalty-sim card: its options")
struct CardCommandTests {
    @Test(
        "a UID of 4, 7 or 10 bytes of hex is taken, with the first reader's port by default",
        arguments: ["04A1B2C3", "04A1B2C3D4E5F6", "04a1b2c3d4e5f6a7b8c9"])
    func validUID(uid: String) throws {
        let command = try #require(try parse(["card", "--uid", uid], as: CardCommand.self))
        #expect(command.uid == uid)
        #expect(command.port == VirtualCardHost.defaultPort)
        #expect(command.host == "127.0.0.1")
        #expect(command.seconds == nil)
        #expect(!command.testInstructions)
    }

    @Test(
        "a UID that is not 4, 7 or 10 bytes of hex is refused with what it must be",
        arguments: ["04A1B2", "04A1B2C3D4", "XYZ12345", "", "04A1B2C3D4E5F"])
    func invalidUID(uid: String) throws {
        let message = try #require(refusal(["card", "--uid", uid]))
        #expect(message.contains("--uid must be 4, 7 or 10 bytes of hex"), "\(message)")
        #expect(message.contains("'\(uid)'"))
    }

    @Test("--seconds must be positive", arguments: ["0", "-2"])
    func seconds(value: String) throws {
        let message = try #require(refusal(["card", "--uid", "04A1B2C3", "--seconds=\(value)"]))
        #expect(message.contains("--seconds must be positive"), "\(message)")
    }

    @Test("the port, the host, a time limit and the diagnostic commands are taken as given")
    func options() throws {
        let command = try #require(
            try parse(
                ["card", "--uid", "04A1B2C3", "--port", "35964", "--host", "10.0.0.2", "--seconds", "1.5", "--test-instructions"],
                as: CardCommand.self))
        #expect(command.port == 35964)
        #expect(command.host == "10.0.0.2")
        #expect(command.seconds == 1.5)
        #expect(command.testInstructions)
    }

    @Test("a port beyond 65535 is refused")
    func portRange() {
        #expect(refusal(["card", "--uid", "04A1B2C3", "--port", "70000"]) != nil)
    }
}
