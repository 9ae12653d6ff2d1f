/// A card's answer: the data bytes and the two status bytes at the end.
public struct ResponseAPDU: Hashable, Sendable {
    public var data: [UInt8]
    public var status: StatusWord

    public init(data: [UInt8], status: StatusWord) {
        self.data = data
        self.status = status
    }

    /// Parses raw bytes from the card; fewer than two bytes is malformed.
    public init(bytes: some Collection<UInt8>) throws(APDUError) {
        guard bytes.count >= 2 else { throw .responseTooShort(bytes.count) }
        let all = Array(bytes)
        data = Array(all.dropLast(2))
        status = StatusWord(sw1: all[all.count - 2], sw2: all[all.count - 1])
    }

    /// The bytes as the card sent them.
    public var bytes: [UInt8] { data + [status.sw1, status.sw2] }
}
