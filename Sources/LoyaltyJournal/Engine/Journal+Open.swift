extension Journal {
    /// Opens the journal at `path`, recovering from any crash.
    ///
    /// Recovery reads the superblocks, then every slot once in ring order from the sync mark
    /// (``RingScanner``): time linear in the file size (one sequential read), memory constant
    /// (a 1 MiB buffer). A torn last append is dropped; damage anywhere else after the sync mark
    /// fails with ``JournalError/corrupted(_:)``, listing the slots.
    ///
    /// Unless read-only, opening then rewrites the superblock in force and the last transaction
    /// and syncs them, so that nothing it read only from the page cache (say, after a failed
    /// `fdatasync` of an earlier process) is built on before it is durable.
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
            let reader = SlotReader(storage: storage, geometry: superblock.geometry)
            let scan = try RingScanner.scan(
                reader, syncRecord: superblock.syncRecord, syncSequence: superblock.syncSequence)
            guard scan.report.liveCount == 0 else { throw JournalError.corrupted(scan.report) }
            let engine = Engine(storage: storage, superblock: superblock, scan: scan, options: options)
            if !options.readOnly { try engine.reassertTail(scan.lastTransaction) }
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

extension Engine {
    /// Rewrites the superblock in force and the records of `last` with the bytes they hold,
    /// then `fdatasync`s. After a crash these bytes came from the medium and rewriting them
    /// changes nothing; after a failed sync they may have come only from the page cache, and
    /// rewriting them makes them dirty again, so the sync really writes them.
    func reassertTail(_ last: (start: UInt64, count: Int)?) throws(JournalError) {
        do { try Journal.writeSuperblock(superblock, to: storage) } catch { throw .io(error) }
        if let last {
            var number = last.start
            var remaining = last.count
            while remaining > 0 {
                let run = min(remaining, Int(geometry.slotCount - geometry.slot(of: number)))
                let bytes = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<(run * geometry.recordSize)])
                try readSlots(from: number, count: run, into: bytes)
                do {
                    try storage.write(UnsafeRawBufferPointer(bytes), at: geometry.offset(ofSlot: geometry.slot(of: number)))
                } catch { throw .io(error) }
                number += UInt64(run)
                remaining -= run
            }
        }
        do { try storage.syncData() } catch { throw .io(error) }
    }
}
