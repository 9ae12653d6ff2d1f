/// One transaction read back from the journal.
public struct JournalTransaction: Sendable, Equatable {
    /// Its sequence number (1, 2, 3, ...): unique and gapless within the journal.
    public var sequence: UInt64
    /// When it was appended, in milliseconds since the Unix epoch.
    public var timestamp: UInt64
    /// The record number of its first record.
    public var firstRecord: UInt64
    /// How many records it spans.
    public var recordCount: Int
    /// The bytes given to ``Journal/append(_:)``.
    public var payload: [UInt8]
}
