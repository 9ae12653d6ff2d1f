import Synchronization

/// A fixed-size, crash-safe transaction journal in one preallocated file.
///
/// Records of fixed size sit in a ring of slots. A transaction is one or more records that
/// share a sequence number (1, 2, 3, ...). Three positions matter:
/// - the **oldest** transaction still held (older ones were overwritten),
/// - the **sync mark**: transactions up to it are acknowledged by the back office,
/// - the **head**: where the next transaction goes.
///
/// ``append(_:)`` returns the new transaction's sequence only once it is durable (one `pwrite`
/// and one `fdatasync`). Records after the sync mark are never overwritten: when the ring is
/// full of them, appends fail with ``JournalError/journalFull(waitingTransactions:waitingRecords:capacityRecords:neededRecords:)``.
/// ``markSynced(through:)`` moves the sync mark and so frees room.
///
/// All methods are thread-safe: one lock serialises them.
public final class Journal: Sendable {
    let engine: Mutex<Engine>
    /// The journal's fixed shape.
    public let geometry: JournalGeometry
    /// The file, when opened by path.
    public let path: String?

    init(engine: sending Engine, path: String?) {
        geometry = engine.geometry
        self.path = path
        self.engine = Mutex(engine)
    }

    /// Closes the file. Later calls fail with ``JournalError/closed``.
    public func close() throws(JournalError) {
        try engine.withLock { (engine: inout Engine) throws(JournalError) in
            guard !engine.isClosed else { return }
            engine.isClosed = true
            do throws(StorageError) { try engine.storage.close() } catch { throw .io(error) }
        }
    }

    func locked<T: Sendable>(_ body: (Engine) throws(JournalError) -> T) throws(JournalError) -> T {
        try engine.withLock { (engine: inout Engine) throws(JournalError) -> T in
            try engine.ensureOpen()
            return try body(engine)
        }
    }
}
