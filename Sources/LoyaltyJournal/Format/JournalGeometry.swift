/// The fixed shape of one journal file, chosen when it is created and never changed.
public struct JournalGeometry: Sendable, Equatable {
    /// Size of the whole file in bytes.
    public var fileSize: Int64
    /// Bytes per record slot (512 ... 4096, a power of two).
    public var recordSize: Int
    /// Number of record slots in the ring.
    public var slotCount: Int64
    /// Random identifier of this journal, stamped into every record (like SQLite's WAL salt):
    /// a record from another journal file is never taken for one of ours.
    public var journalID: UInt64
    /// Largest number of records one transaction may span.
    public var maxRecordsPerTransaction: Int
    /// When the journal was created, in milliseconds since the Unix epoch.
    public var createdAt: UInt64

    /// Payload bytes carried by one record.
    public var payloadCapacity: Int { JournalFormat.payloadCapacity(recordSize: recordSize) }
    /// Largest payload one transaction may carry.
    public var maxTransactionPayload: Int { payloadCapacity * maxRecordsPerTransaction }

    /// The slot that holds record number `recordNumber`.
    @inline(__always)
    func slot(of recordNumber: UInt64) -> Int64 { Int64(recordNumber % UInt64(slotCount)) }

    /// The file offset of `slot`.
    @inline(__always)
    func offset(ofSlot slot: Int64) -> Int64 { JournalFormat.recordsOffset + slot * Int64(recordSize) }

    /// The geometry for a new file of `fileSize` bytes, or an error saying why it cannot be.
    static func make(
        fileSize: Int64, recordSize: Int, maxRecordsPerTransaction: Int, journalID: UInt64, createdAt: UInt64
    ) throws(JournalError) -> JournalGeometry {
        guard recordSize >= JournalFormat.minimumRecordSize, recordSize <= JournalFormat.maximumRecordSize,
            recordSize & (recordSize - 1) == 0
        else {
            throw .invalidArgument("record size must be a power of two from 512 to 4096, not \(recordSize)")
        }
        guard fileSize > JournalFormat.recordsOffset else {
            throw .invalidArgument("a journal of \(fileSize) bytes leaves no room for records")
        }
        let slots = (fileSize - JournalFormat.recordsOffset) / Int64(recordSize)
        guard maxRecordsPerTransaction >= 1, maxRecordsPerTransaction <= JournalFormat.maximumRecordsPerTransaction
        else {
            throw .invalidArgument(
                "records per transaction must be 1 ... \(JournalFormat.maximumRecordsPerTransaction)")
        }
        guard slots >= Int64(2 * maxRecordsPerTransaction), slots >= 4 else {
            throw .invalidArgument(
                "a journal of \(fileSize) bytes holds \(slots) records of \(recordSize) bytes; "
                    + "it needs at least \(max(4, 2 * maxRecordsPerTransaction))")
        }
        return JournalGeometry(
            fileSize: fileSize, recordSize: recordSize, slotCount: slots, journalID: journalID,
            maxRecordsPerTransaction: maxRecordsPerTransaction, createdAt: createdAt)
    }
}
