extension Journal {
    /// Opens the journal at `path`, recovering from any crash.
    ///
    /// Recovery reads the superblocks, then every slot once in ring order from the sync mark
    /// (``RingScanner``): time linear in the file size (one sequential read), memory constant
    /// (four 256 KiB buffers). A torn last append is dropped; damage anywhere else after the sync mark
    /// fails with ``JournalError/corrupted(_:)``, listing the slots.
    /// Opening writes nothing.
    public static func open(path: String, options: JournalOptions) throws(JournalError) -> Journal {
        let storage: any JournalStorage
        do { storage = try options.storageProvider.open(path: path, readOnly: options.readOnly) } catch {
            throw .io(error)
        }
        return try open(storage, options: options, path: path)
    }

    /// Opens the journal held by `storage`.
    public static func open(on storage: any JournalStorage, options: JournalOptions) throws(JournalError) -> Journal {
        try open(storage, options: options, path: nil)
    }

    private static func open(
        _ storage: any JournalStorage, options: JournalOptions, path: String?
    ) throws(JournalError) -> Journal {
        do throws(JournalError) {
            let superblock = try readSuperblocks(storage, path: path).inForce
            let reader = SlotReader(storage: storage, geometry: superblock.geometry, helper: options.scanHelper)
            let scan = try RingScanner.scan(
                reader, syncRecord: superblock.syncRecord, syncSequence: superblock.syncSequence)
            guard scan.report.liveCount == 0 else { throw JournalError.corrupted(scan.report) }
            let engine = Engine(storage: storage, superblock: superblock, scan: scan, options: options)
            return Journal(engine: engine, path: path)
        } catch {
            try? storage.close()
            throw error
        }
    }

    /// Both superblock copies, decoded, and the one in force (the valid one of highest generation).
    static func readSuperblocks(
        _ storage: any JournalStorage, path: String?
    ) throws(JournalError) -> (inForce: Superblock, copies: [Superblock?]) {
        guard storage.size >= JournalFormat.recordsOffset else { throw .notAJournal(path: path) }
        var header = [UInt8](repeating: 0, count: Int(JournalFormat.recordsOffset))
        do {
            try header.withUnsafeMutableBytes { raw in
                Result { () throws(StorageError) in try storage.read(into: raw, at: 0) }
            }.get()
        } catch { throw .io(error) }
        let copies = header.withUnsafeBytes { raw in
            JournalFormat.superblockOffsets.map { offset in
                Superblock.decode(UnsafeRawBufferPointer(rebasing: raw[Int(offset)...]))
            }
        }
        // A copy is only trusted in its own place (generation % 2 names the copy).
        let placed = copies.enumerated().compactMap { index, copy in copy?.copyIndex == index ? copy : nil }
        guard let inForce = placed.max(by: { $0.generation < $1.generation }) else { throw .notAJournal(path: path) }
        guard inForce.geometry.fileSize == storage.size else {
            throw .sizeMismatch(recorded: inForce.geometry.fileSize, actual: storage.size)
        }
        return (inForce, copies)
    }
}
