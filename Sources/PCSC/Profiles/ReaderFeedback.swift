extension ReaderProfile {
    /// What the reader shows and sounds when a tap ends: one command for a tap that succeeded,
    /// one for a tap that was refused. A `null` command (or no `feedback` at all) means the
    /// terminal sends nothing for that outcome.
    public struct Feedback: Codable, Hashable, Sendable {
        /// Sent when the tap succeeded (the answer is `completed`).
        public var success: Signal?
        /// Sent when the tap was refused (the card, the programme or the terminal said no).
        public var refusal: Signal?
        /// What the two patterns look and sound like, for people.
        public var notes: String?

        public init(success: Signal?, refusal: Signal?, notes: String? = nil) {
            self.success = success
            self.refusal = refusal
            self.notes = notes
        }
    }
}

/// A command for the reader itself (not the card), from a profile.
public enum ReaderCommand: Hashable, Sendable {
    /// A PC/SC pseudo-APDU (class `FF`), sent through `SCardTransmit` on the card's connection.
    case apdu(CommandAPDU)
    /// A vendor escape, sent with `SCardControl` under `code` (``ControlCode/scard(_:)`` of the
    /// profile's `controlCode`).
    case escape(code: UInt32, bytes: [UInt8])
}

extension ReaderProfile.Signal {
    /// The concrete command this signal gives, or nil when it is a template (`{...}`), not hex,
    /// or lacks its control code.
    public var readerCommand: ReaderCommand? {
        switch transport {
        case "apdu":
            guard let bytes = apdu.flatMap(Hex.decode), let command = CommandAPDU(shortBytes: bytes) else { return nil }
            return .apdu(command)
        case "escape":
            guard let code = controlCode, let function = UInt32(exactly: code),
                let bytes = command.flatMap(Hex.decode), !bytes.isEmpty
            else { return nil }
            return .escape(code: ControlCode.scard(function), bytes: bytes)
        default:
            return nil
        }
    }
}

extension CommandAPDU {
    /// Parses a short command APDU (ISO/IEC 7816-4 cases 1 to 4); nil for any other shape.
    init?(shortBytes bytes: [UInt8]) {
        guard bytes.count >= 4 else { return nil }
        let body = Array(bytes.dropFirst(4))
        var data: [UInt8] = []
        var le: Int?
        switch body.count {
        case 0:
            break
        case 1:
            le = body[0] == 0 ? 256 : Int(body[0])
        default:
            let lc = Int(body[0])
            guard lc > 0, body.count == 1 + lc || body.count == 2 + lc else { return nil }
            data = Array(body[1...lc])
            if body.count == 2 + lc { le = body[lc + 1] == 0 ? 256 : Int(body[lc + 1]) }
        }
        guard let command = try? CommandAPDU(cla: bytes[0], ins: bytes[1], p1: bytes[2], p2: bytes[3], data: data, expectedLength: le)
        else { return nil }
        self = command
    }
}
