/// What the terminal must know of one reader model: how to read a card's UID, whether it carries
/// extended APDUs, how to drive its LED and buzzer (and the patterns that end a tap), and its
/// quirks. Loaded from the JSON files in `hardware/readers/` (their README gives every field).
public struct ReaderProfile: Codable, Hashable, Sendable {
    /// A command and what the card or reader answers to it.
    public struct Command: Codable, Hashable, Sendable {
        /// The command in hex, e.g. `FFCA000000`.
        public var apdu: String
        /// What comes back, for people.
        public var answer: String
    }

    /// How the host drives an LED or a buzzer.
    public struct Signal: Codable, Hashable, Sendable {
        /// `apdu` (a pseudo-APDU through `SCardTransmit`) or `escape` (`SCardControl`).
        public var transport: String
        /// The pseudo-APDU in hex (`apdu` transport); a template with `{...}` fields in `led` and
        /// `buzzer`, concrete in `feedback`.
        public var apdu: String?
        /// The vendor function of `SCARD_CTL_CODE` (`escape` transport), e.g. 3500.
        public var controlCode: Int?
        /// The escape command in hex (`escape` transport).
        public var command: String?
        public var notes: String?

        public init(transport: String, apdu: String? = nil, controlCode: Int? = nil, command: String? = nil, notes: String? = nil) {
            self.transport = transport
            self.apdu = apdu
            self.controlCode = controlCode
            self.command = command
            self.notes = notes
        }
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
    /// Whether the reader passes extended-length APDUs; `nil` when not known
    /// (``carriesExtendedAPDUs`` then assumes it does).
    public var extendedAPDU: Bool? = nil
    public var led: Signal?
    public var buzzer: Signal?
    /// The commands that end a tap with light and sound; `nil` when the terminal sends none.
    public var feedback: Feedback? = nil
    public var quirks: [String]

    /// False only for a reader known to carry short APDUs alone: the terminal then chains long
    /// commands and fetches long answers with GET RESPONSE.
    public var carriesExtendedAPDUs: Bool { extendedAPDU ?? true }

    /// The UID command as an APDU (`FF CA 00 00 00` unless the profile says otherwise).
    public var uidCommand: CommandAPDU {
        guard let bytes = Hex.decode(uid.apdu), bytes.count >= 4 else { return .getUID }
        return
            (try? CommandAPDU(
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
