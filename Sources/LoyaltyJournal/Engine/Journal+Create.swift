extension Journal {
    /// Creates a journal file of `size` bytes at `path` and opens it.
    ///
    /// Every byte of the file is written, then the file and its directory are `fsync`ed: the
    /// file's size and blocks never change again, so appends need only `fdatasync`.
    /// Fails if the file exists.
    public static func create(
        path: String, size: Int64, layout: JournalLayout = JournalLayout(), options: JournalOptions
    ) throws(JournalError) -> Journal {
        guard !options.readOnly else { throw .readOnly }
        // Check the geometry before touching the file system.
        _ = try JournalGeometry.make(
            fileSize: size, recordSize: layout.recordSize,
            maxRecordsPerTransaction: layout.maxRecordsPerTransaction, journalID: 0, createdAt: 0)
        let storage: any JournalStorage
        do { storage = try options.storageProvider.create(path: path, size: size) } catch { throw .io(error) }
        return try format(storage, layout: layout, options: options, path: path)
    }

    /// Formats `storage` (whatever it held) as a new, empty journal and opens it.
    public static func create(
        on storage: any JournalStorage, layout: JournalLayout = JournalLayout(), options: JournalOptions
    ) throws(JournalError) -> Journal {
        guard !options.readOnly else { throw .readOnly }
        return try format(storage, layout: layout, options: options, path: nil)
    }

    private static func format(
        _ storage: any JournalStorage, layout: JournalLayout, options: JournalOptions, path: String?
    ) throws(JournalError) -> Journal {
        var random = SystemRandomNumberGenerator()
        let geometry = try JournalGeometry.make(
            fileSize: storage.size, recordSize: layout.recordSize,
            maxRecordsPerTransaction: layout.maxRecordsPerTransaction,
            journalID: layout.journalID ?? random.next(),
            createdAt: options.clock.millisecondsSinceEpoch())
        // Both copies hold the empty sync mark: generation 0 in copy 0, 1 in copy 1.
        var superblock = Superblock(
            geometry: geometry, generation: 0, syncRecord: 0, syncSequence: 0, syncedAt: geometry.createdAt)
        do {
            for generation: UInt64 in [0, 1] {
                superblock.generation = generation
                try writeSuperblock(superblock, to: storage)
            }
            try storage.syncAll()
        } catch {
            try? storage.close()
            throw .io(error)
        }
        let scan = ScanResult(
            head: 0, lastSequence: 0, oldestUnsyncedTimestamp: nil,
            oldestRecord: 0, oldestSequence: 1, interruptedAppendSlots: 0, report: CorruptionReport())
        return Journal(engine: Engine(storage: storage, superblock: superblock, scan: scan, options: options), path: path)
    }

    /// Writes `superblock` into its copy (`generation % 2`). Not durable until synced.
    static func writeSuperblock(_ superblock: Superblock, to storage: any JournalStorage) throws(StorageError) {
        var bytes = [UInt8](repeating: 0, count: JournalFormat.superblockLength)
        bytes.withUnsafeMutableBytes { superblock.encode(into: $0) }
        try bytes.withUnsafeBytes { raw in
            Result { () throws(StorageError) in
                try storage.write(raw, at: JournalFormat.superblockOffsets[superblock.copyIndex])
            }
        }.get()
    }

    /// Overwrites superblock copy `copy` with zeros. Not durable until synced.
    static func invalidateSuperblock(copy: Int, on storage: any JournalStorage) throws(StorageError) {
        let zeros = [UInt8](repeating: 0, count: JournalFormat.superblockLength)
        try zeros.withUnsafeBytes { raw in
            Result { () throws(StorageError) in try storage.write(raw, at: JournalFormat.superblockOffsets[copy]) }
        }.get()
    }
}
