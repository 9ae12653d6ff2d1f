/// Command chaining as the simulated member card takes it (ISO/IEC 7816-4, 5.3.3): a command
/// too long for a short APDU comes in pieces, each but the last with bit `0x10` of the class
/// set; the card answers `9000` to each of those and acts on the whole command when the last
/// piece (bit clear, same instruction and parameters) arrives.
struct CommandChain {
    /// The largest whole data field a chain may build (the extended Lc's limit).
    static let limit = 65_535

    /// What the card does with a piece.
    enum Step {
        /// A piece of a chain: answer `9000` and wait for the next.
        case more
        /// A whole command (a command sent alone, or the last piece with the data joined).
        case complete(MemberCardCommand)
        /// The chain is broken: answer this status word; the chain is dropped.
        case refused([UInt8])
    }

    private var first: MemberCardCommand?
    private var data: [UInt8] = []

    /// True while a chain waits for its next piece.
    var isOpen: Bool { first != nil }

    /// Takes one received command.
    mutating func take(_ command: MemberCardCommand) -> Step {
        // Class FF is no class of ISO/IEC 7816-4 (the reader's pseudo-APDUs): it has no chaining bit.
        let chained = command.cla != 0xFF && command.cla & 0x10 != 0
        var plain = command
        if chained { plain.cla &= ~0x10 }
        if let first, !Self.sameCommand(first, plain) {
            drop()
            return .refused(Self.lastCommandExpected)
        }
        guard data.count + plain.data.count <= Self.limit else {
            drop()
            return .refused(CardStatus.wrongLength)
        }
        if chained {
            if first == nil { first = plain }
            data += plain.data
            return .more
        }
        guard first != nil else { return .complete(plain) }
        plain.data = data + plain.data
        drop()
        return .complete(plain)
    }

    /// Forgets a chain in progress (power-on, or a broken chain).
    mutating func drop() {
        first = nil
        data = []
    }

    /// `6883`: the last command of the chain was expected.
    static let lastCommandExpected: [UInt8] = [0x68, 0x83]

    private static func sameCommand(_ a: MemberCardCommand, _ b: MemberCardCommand) -> Bool {
        a.cla == b.cla && a.ins == b.ins && a.p1 == b.p1 && a.p2 == b.p2
    }
}
