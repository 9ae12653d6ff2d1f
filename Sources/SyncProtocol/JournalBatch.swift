/// A batch of journal transactions from one terminal: the body of an upload.
///
/// The wire form (media type ``mediaType``) is binary and little-endian, so that the back office
/// spends its time storing, not parsing (see `docs/sync-protocol.md`):
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 4 | magic `LJB1` |
/// | 4 | 4 | terminal id |
/// | 8 | 4 | transaction count `n` |
/// | 12 | ... | `n` transactions: sequence (8), recorded at (8, signed ms), payload length (4), payload |
public struct JournalBatch: Sendable, Equatable {
    /// The media type of the wire form.
    public static let mediaType = "application/vnd.loyalty.journal-batch"
    /// The most transactions one batch may hold.
    public static let maximumTransactions = 10_000
    /// The largest payload of one transaction (a journal transaction is far smaller).
    public static let maximumPayloadBytes = 64 * 1024
    static let magic: [UInt8] = Array("LJB1".utf8)
    static let headerBytes = 12
    static let transactionHeaderBytes = 20

    /// The terminal whose journal this is.
    public var terminal: UInt32
    /// The transactions, normally in sequence order (the back office accepts any order).
    public var transactions: [UploadedTransaction]

    public init(terminal: UInt32, transactions: [UploadedTransaction]) {
        self.terminal = terminal
        self.transactions = transactions
    }

    /// Bytes of the wire form of a transaction with `payloadBytes` bytes of payload.
    public static func encodedSize(payloadBytes: Int) -> Int { transactionHeaderBytes + payloadBytes }

    /// The wire form.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerBytes + transactions.reduce(0) { $0 + Self.encodedSize(payloadBytes: $1.payload.count) })
        bytes += Self.magic
        bytes.appendLittleEndian(terminal)
        bytes.appendLittleEndian(UInt32(transactions.count))
        for transaction in transactions {
            bytes.appendLittleEndian(transaction.sequence)
            bytes.appendLittleEndian(UInt64(bitPattern: transaction.recordedAt))
            bytes.appendLittleEndian(UInt32(transaction.payload.count))
            bytes += transaction.payload
        }
        return bytes
    }

    /// Reads the wire form, refusing anything malformed with the reason.
    public init(decoding bytes: some Collection<UInt8>) throws(BatchFormatError) {
        var reader = ByteReader(Array(bytes))
        guard reader.take(4) == Self.magic else { throw .notABatch }
        guard let terminal = reader.uint32(), let count = reader.uint32() else { throw .truncated(at: reader.offset) }
        guard count > 0 else { throw .empty }
        guard count <= Self.maximumTransactions else { throw .tooManyTransactions(Int(count)) }
        var transactions: [UploadedTransaction] = []
        transactions.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            guard let sequence = reader.uint64(), let recordedAt = reader.uint64(), let length = reader.uint32() else {
                throw .truncated(at: reader.offset)
            }
            guard sequence > 0 else { throw .zeroSequence(index: index) }
            guard length <= Self.maximumPayloadBytes else { throw .payloadTooLarge(index: index, bytes: Int(length)) }
            guard let payload = reader.take(Int(length)) else { throw .truncated(at: reader.offset) }
            transactions.append(UploadedTransaction(sequence: sequence, recordedAt: Int64(bitPattern: recordedAt), payload: payload))
        }
        guard reader.isAtEnd else { throw .trailingBytes(reader.remaining) }
        self.init(terminal: terminal, transactions: transactions)
    }
}

/// Why bytes are not a journal batch.
public enum BatchFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    case notABatch
    case truncated(at: Int)
    case empty
    case tooManyTransactions(Int)
    case zeroSequence(index: Int)
    case payloadTooLarge(index: Int, bytes: Int)
    case trailingBytes(Int)

    public var description: String {
        switch self {
        case .notABatch: "not a journal batch (the body does not start with LJB1)"
        case .truncated(let offset): "the batch ends early (at byte \(offset))"
        case .empty: "the batch holds no transaction"
        case .tooManyTransactions(let count): "\(count) transactions in one batch (at most \(JournalBatch.maximumTransactions))"
        case .zeroSequence(let index): "transaction \(index) has sequence 0 (sequences start at 1)"
        case .payloadTooLarge(let index, let bytes):
            "transaction \(index) carries \(bytes) bytes (at most \(JournalBatch.maximumPayloadBytes))"
        case .trailingBytes(let count): "\(count) bytes after the last transaction"
        }
    }
}
