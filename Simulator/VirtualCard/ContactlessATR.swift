/// The ATR a PC/SC contactless reader builds for a card (PC/SC Part 3, section 3.1.3.2.3).
public enum ContactlessATR {
    /// A storage card (MIFARE Classic 1K, Ultralight, NTAG...) identified by its `standard`
    /// and `cardName` bytes from the PC/SC registered application identifiers.
    public static func storageCard(standard: UInt8 = 0x03, cardName: UInt16) -> [UInt8] {
        // 3B 8F 80 01 80 4F 0C A0 00 00 03 06 SS NN NN 00 00 00 00 TCK
        var body: [UInt8] = [
            0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, standard,
            UInt8(cardName >> 8), UInt8(cardName & 0xFF), 0x00, 0x00, 0x00, 0x00,
        ]
        let t0: [UInt8] = [0x3B, 0x8F, 0x80, 0x01]
        body.append(checksum(Array(t0.dropFirst()) + body))
        return t0 + body
    }

    /// An ISO 14443-4 card with the given historical bytes (from its ATS).
    public static func iso14443Part4(historicalBytes: [UInt8]) -> [UInt8] {
        let count = min(historicalBytes.count, 15)
        let head: [UInt8] = [0x3B, 0x80 | UInt8(count), 0x80, 0x01]
        let historical = Array(historicalBytes.prefix(count))
        return head + historical + [checksum(Array(head.dropFirst()) + historical)]
    }

    /// TCK: the exclusive-or of every byte after TS.
    static func checksum(_ bytes: [UInt8]) -> UInt8 {
        bytes.reduce(0, ^)
    }

    /// MIFARE Ultralight / NTAG (card name 0x0003).
    public static let ultralight = storageCard(cardName: 0x0003)
    /// MIFARE Classic 1K (card name 0x0001).
    public static let mifareClassic1K = storageCard(cardName: 0x0001)
}
