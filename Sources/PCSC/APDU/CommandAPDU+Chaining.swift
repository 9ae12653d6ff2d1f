extension CommandAPDU {
    /// The longest data field of a short APDU.
    public static let shortDataLimit = 255

    /// The command as short APDUs, for a reader that carries no extended lengths.
    ///
    /// A data field over 255 bytes is split into pieces of 255 sent by command chaining (ISO/IEC
    /// 7816-4 5.3.3): every piece but the last has bit `0x10` of the class set, and only the
    /// last carries Le. An expected length over 256 becomes the short "as many as available"
    /// (`00`); the card then gives the rest of a longer answer with `61xx` and GET RESPONSE
    /// (``CardConnection/transmit(_:)`` follows it). A command that is short already is
    /// returned as it is.
    public func shortChain() -> [CommandAPDU] {
        guard isExtended else { return [self] }
        let le = expectedLength.map { min($0, 256) }
        guard data.count > Self.shortDataLimit else {
            var short = self
            short.expectedLength = le
            return [short]
        }
        var pieces: [CommandAPDU] = []
        var start = data.startIndex
        while start < data.endIndex {
            let end = min(start + Self.shortDataLimit, data.endIndex)
            let isLast = end == data.endIndex
            // Each piece is at most 255 bytes and Le at most 256: always a valid short command.
            pieces.append(
                try! CommandAPDU(
                    cla: isLast ? cla : cla | 0x10, ins: ins, p1: p1, p2: p2,
                    data: Array(data[start..<end]), expectedLength: isLast ? le : nil))
            start = end
        }
        return pieces
    }
}
