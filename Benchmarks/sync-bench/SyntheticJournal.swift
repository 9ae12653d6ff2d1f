import Foundation
import LoyaltyJournal
import Timekeeping

/// A terminal journal file filled with `count` ledger-entry-like transactions, quickly: the
/// filling skips `fdatasync` (it is not what is measured); the file is then closed and opened
/// again normally, so the sync service reads and moves its mark on a real, durable journal.
enum SyntheticJournal {
    static func create(path: String, transactions count: Int, terminal: UInt32) throws -> Journal {
        let layout = JournalLayout(recordSize: 512)
        let size = Int64(count + 64) * 512 + 8192
        let filling = try Journal.create(
            path: path, size: size, layout: layout,
            options: JournalOptions(clock: SystemWallTime(), storageProvider: UnsyncedFileProvider()))
        for index in 1...count { _ = try filling.append(payload(index, terminal: terminal)) }
        try filling.close()
        return try Journal.open(path: path, options: JournalOptions(clock: SystemWallTime()))
    }

    /// About 330 bytes of JSON, shaped like a checkout sale entry.
    static func payload(_ index: Int, terminal: UInt32) -> [UInt8] {
        let state = String(repeating: "QUJD", count: 22)
        return Array(
            ("{\"answer\":{\"balance\":\(index * 7 % 90_000),\"earned\":\(index % 500),\"outcome\":\"completed\"},"
                + "\"card\":\"C-\(100_000 + index % 5000)\",\"cardCounter\":\(index % 1000),\"confirmed\":[],\"format\":1,\"kind\":\"sale\","
                + "\"member\":\"M-\(100_000 + index % 5000)\",\"requestId\":\"S-\(terminal)-\(index)\","
                + "\"sale\":{\"amount\":\(85_000 + index),\"currency\":\"VND\"},\"state\":\"\(state)\",\"terminalId\":\(terminal),"
                + "\"time\":\(1_795_400_000 + index),\"trust\":\"member-card\"}").utf8)
    }
}

/// Files like the journal's own, but `fdatasync`/`fsync` do nothing: for filling a benchmark's
/// journal only.
struct UnsyncedFileProvider: JournalStorageProvider {
    func create(path: String, size: Int64) throws(StorageError) -> any JournalStorage {
        UnsyncedStorage(try FileStorageProvider().create(path: path, size: size))
    }

    func open(path: String, readOnly: Bool) throws(StorageError) -> any JournalStorage {
        UnsyncedStorage(try FileStorageProvider().open(path: path, readOnly: readOnly))
    }
}

final class UnsyncedStorage: JournalStorage {
    let base: any JournalStorage
    init(_ base: any JournalStorage) { self.base = base }
    var size: Int64 { base.size }
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(StorageError) { try base.read(into: buffer, at: offset) }
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(StorageError) { try base.write(bytes, at: offset) }
    func syncData() throws(StorageError) {}
    func syncAll() throws(StorageError) {}
    func close() throws(StorageError) { try base.close() }
}
