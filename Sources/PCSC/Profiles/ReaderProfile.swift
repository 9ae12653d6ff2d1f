/// What the terminal must know of one reader model: how to read a card's UID, how to drive
/// its LED and buzzer, and its quirks. Loaded from the JSON files in `hardware/readers/`.
public struct ReaderProfile: Codable, Hashable, Sendable {
    /// A command and what the card or reader answers to it.
    public struct Command: Codable, Hashable, Sendable {
        /// The command in hex, e.g. `FFCA000000`.
        public var apdu: String
        public var answer: String
    }

    /// How the host drives an LED or a buzzer.
    public struct Signal: Codable, Hashable, Sendable {
        /// `apdu` (a pseudo-APDU through `SCardTransmit`) or `escape` (`SCardControl`).
        public var transport: String
        public var apdu: String?
        public var controlCode: Int?
        public var command: String?
        public var notes: String?
    }

    public var formatVersion: Int
    public var id: String
    public var model: String
    public var vendor: String
    public var interface: String
    /// Substrings of the PC/SC reader name that identify this model.
    public var namePatterns: [String]
    public var uid: Command
    public var ats: Command?
    public var led: Signal?
    public var buzzer: Signal?
    public var quirks: [String]

    /// The UID command as an APDU (`FF CA 00 00 00` unless the profile says otherwise).
    public var uidCommand: CommandAPDU {
        guard let bytes = Hex.decode(uid.apdu), bytes.count >= 4 else { return .getUID }
        return (try? CommandAPDU(
            cla: bytes[0], ins: bytes[1], p1: bytes[2], p2: bytes[3],
            expectedLength: bytes.count >= 5 ? (bytes[4] == 0 ? 256 : Int(bytes[4])) : nil
        )) ?? .getUID
    }

    /// The profile used when no file matches: PC/SC Part 3 commands only.
    public static let generic = ReaderProfile(
        formatVersion: 1, id: "generic-pcsc", model: "Any PC/SC contactless reader", vendor: "",
        interface: "PC/SC 2.0 Part 3 pseudo-APDUs", namePatterns: [],
        uid: Command(apdu: "FFCA000000", answer: "UID then 9000"),
        ats: Command(apdu: "FFCA010000", answer: "ATS then 9000"),
        led: nil, buzzer: nil,
        quirks: ["Used when no other profile matches the reader's name."]
    )
}
