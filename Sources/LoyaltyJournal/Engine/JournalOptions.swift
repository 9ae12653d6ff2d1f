import Timekeeping

/// How a journal is opened.
public struct JournalOptions: Sendable {
    /// The time stamped on records and sync marks.
    public var clock: any WallTime
    /// Open without writing anything; appends and sync-mark moves fail with ``JournalError/readOnly``.
    public var readOnly: Bool
    /// After every append and sync-mark move, check the engine's internal invariants and rescan
    /// the device to confirm that what is on it reopens to the same state. Slow: for tests.
    public var checkInvariants: Bool
    /// Opens and creates the files (the real file system unless a test says otherwise).
    public var storageProvider: any JournalStorageProvider
    /// Whether the open's scan of the ring takes a helper thread beside the caller's: `nil`
    /// (the default) when the process may run on more than one processor; `false` keeps the
    /// scan on the caller's thread (a terminal that keeps its second core for other work, or a
    /// measurement of one thread); `true` takes one even on a single processor (tests).
    public var scanHelper: Bool?

    public init(
        clock: any WallTime, readOnly: Bool = false, checkInvariants: Bool = false,
        storageProvider: any JournalStorageProvider = FileStorageProvider(), scanHelper: Bool? = nil
    ) {
        self.clock = clock
        self.readOnly = readOnly
        self.checkInvariants = checkInvariants
        self.storageProvider = storageProvider
        self.scanHelper = scanHelper
    }
}

/// The shape of a new journal.
public struct JournalLayout: Sendable {
    /// Bytes per record: a power of two from 512 to 4096. Records never straddle a 512-byte
    /// sector boundary, so a torn sector spoils at most the records it holds. 512 wastes least
    /// space for small transactions; larger records suit larger payloads.
    public var recordSize: Int
    /// Largest number of records one transaction may span.
    public var maxRecordsPerTransaction: Int
    /// The journal's identifier; random when `nil`.
    public var journalID: UInt64?

    public init(
        recordSize: Int = 512,
        maxRecordsPerTransaction: Int = 16,
        journalID: UInt64? = nil
    ) {
        self.recordSize = recordSize
        self.maxRecordsPerTransaction = maxRecordsPerTransaction
        self.journalID = journalID
    }
}
