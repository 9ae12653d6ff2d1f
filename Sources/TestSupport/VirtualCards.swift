import Logging
import VirtualCard

/// Simulated cards for tests, on the virtual readers of a real `pcscd`.
public enum VirtualCards {
    /// The UID of the test card.
    public static let testUID: [UInt8] = [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6]

    /// A UID-only card that also answers the diagnostic commands, ready to insert in the
    /// first virtual reader (or the one on `port`).
    public static func testCard(uid: [UInt8] = testUID, port: UInt16 = VirtualCardHost.defaultPort) -> VirtualCardHost {
        VirtualCardHost(
            application: UIDCard(uid: uid, testInstructions: true),
            port: port,
            logger: Logger(label: "test.virtual-card")
        )
    }
}
