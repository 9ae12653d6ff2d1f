/// A card that only has a UID (MIFARE Classic, Ultralight, NTAG as a contactless reader
/// presents them): the reader answers the PC/SC `GET DATA` pseudo-APDU `FF CA 00 00 Le` with
/// its UID (``ContactlessReader``), and the card answers nothing else.
///
/// Optional ``TestInstructions`` add commands that exercise the driver layer (chaining,
/// wrong-length answers, slow answers); a real card has none of them.
public struct UIDCard: CardApplication {
    public let uid: [UInt8]
    public let atr: [UInt8]
    /// The diagnostic commands, when this card answers them.
    public let testInstructions: TestInstructions?

    /// - Parameters:
    ///   - uid: 4, 7 or 10 bytes, as ISO 14443-3 defines them.
    ///   - atr: the ATR the reader reports; an Ultralight/NTAG storage-card ATR by default.
    ///   - testInstructions: answer the simulator's diagnostic commands (class `80`) too.
    public init(uid: [UInt8], atr: [UInt8] = ContactlessATR.ultralight, testInstructions: Bool = false) {
        self.uid = uid
        self.atr = atr
        self.testInstructions = testInstructions ? TestInstructions() : nil
    }

    public func powerOn() {
        testInstructions?.reset()
    }

    public func process(_ command: [UInt8]) -> [UInt8] {
        guard command.count >= 4 else { return CardStatus.wrongLength }
        switch (command[0], command[1]) {
        case (0xFF, 0xCA):
            return ContactlessReader.answer(command, uid: uid) ?? CardStatus.insNotSupported
        case (0x80, _), (0x00, 0xC0):
            return testInstructions?.process(command) ?? CardStatus.claNotSupported
        case (0xFF, _):
            return CardStatus.insNotSupported
        default:
            return CardStatus.claNotSupported
        }
    }
}
