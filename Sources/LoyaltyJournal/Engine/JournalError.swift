/// Everything that can go wrong with a journal, with a readable description.
public enum JournalError: Error, Sendable, CustomStringConvertible {
    /// A bad argument to create, append, mark-synced or read.
    case invalidArgument(String)
    /// A storage call failed (open, read, ...), outside an append.
    case io(StorageError)
    /// The file holds no valid superblock: not a journal, or both copies destroyed.
    case notAJournal(path: String?)
    /// The file's size differs from the size recorded when it was created.
    case sizeMismatch(recorded: Int64, actual: Int64)
    /// No room: every free slot would overwrite records not yet acknowledged by the back office.
    /// Nothing was written. Moving the sync mark (``Journal/markSynced(through:)``) frees room.
    case journalFull(waitingTransactions: UInt64, waitingRecords: Int64, capacityRecords: Int64, neededRecords: Int)
    /// The payload needs more records than one transaction may span.
    case transactionTooLarge(bytes: Int, maximum: Int)
    /// The append's `pwrite` or `fdatasync` failed: the transaction is not acknowledged.
    ///
    /// The engine then overwrites the transaction's slots with zeros and syncs them. If that
    /// works, the transaction is gone for good and the journal goes on (`inDoubt` false). If it
    /// fails too, whether the transaction is on the medium is unknown (`inDoubt` true) and the
    /// journal takes no more writes until it is opened again.
    case appendFailed(sequence: UInt64, StorageError, inDoubt: Bool)
    /// Writing or syncing the new sync mark failed; the old sync mark stays in force. (If
    /// invalidating the half-written copy failed too, the journal takes no more writes.)
    case syncMarkFailed(StorageError)
    /// An earlier append failed; this journal object takes no more appends. Open the file again.
    case reopenRequired(after: String)
    /// Records in the live range (after the sync mark) are damaged: data loss, not a torn tail.
    case corrupted(CorruptionReport)
    /// The transaction asked for has already been overwritten.
    case sequenceNotRetained(requested: UInt64, oldest: UInt64)
    /// The transaction asked for does not exist yet.
    case sequenceBeyondHead(requested: UInt64, last: UInt64)
    /// A record read back (after open) does not hold what the journal expects there.
    case unexpectedRecord(recordNumber: UInt64, String)
    /// The journal was opened read-only.
    case readOnly
    /// The journal was closed.
    case closed
    /// An internal consistency check (``JournalOptions/checkInvariants``) failed.
    case invariantViolation(String)

    public var description: String {
        switch self {
        case .invalidArgument(let message): return "invalid argument: \(message)"
        case .io(let error): return "journal I/O error: \(error)"
        case .notAJournal(let path): return "\(path ?? "the file") is not a journal (no valid superblock)"
        case .sizeMismatch(let recorded, let actual):
            return "journal file is \(actual) bytes but was created with \(recorded) bytes"
        case .journalFull(let transactions, let records, let capacity, let needed):
            return "journal full: \(transactions) transactions (\(records) of \(capacity) records) wait for sync "
                + "by the back office; \(needed) more records needed. Nothing was written."
        case .transactionTooLarge(let bytes, let maximum):
            return "transaction of \(bytes) bytes exceeds the maximum of \(maximum) bytes"
        case .appendFailed(let sequence, let error, let inDoubt):
            return "append of transaction \(sequence) failed, not acknowledged: \(error)"
                + (inDoubt
                    ? "; rolling it back failed too, so it may or may not be on the medium: "
                        + "the journal takes no more writes until it is opened again" : "; rolled back")
        case .syncMarkFailed(let error): return "moving the sync mark failed, the old mark stays: \(error)"
        case .reopenRequired(let reason): return "journal takes no more appends after \(reason); open it again"
        case .corrupted(let report): return "journal corrupted: \(report)"
        case .sequenceNotRetained(let requested, let oldest):
            return "transaction \(requested) is no longer in the journal (oldest retained: \(oldest))"
        case .sequenceBeyondHead(let requested, let last):
            return "transaction \(requested) does not exist (last: \(last))"
        case .unexpectedRecord(let number, let message): return "record \(number): \(message)"
        case .readOnly: return "journal is open read-only"
        case .closed: return "journal is closed"
        case .invariantViolation(let message): return "journal invariant violated: \(message)"
        }
    }

    /// For a failed append that could not be rolled back, the sequence number whose fate is
    /// unknown until the journal is reopened.
    public var appendInDoubt: UInt64? {
        if case .appendFailed(let sequence, _, true) = self { sequence } else { nil }
    }
}
