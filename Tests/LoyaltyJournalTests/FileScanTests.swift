import Foundation
import LoyaltyJournal
import Testing
import Timekeeping

/// The open scan of a real file (the file storage's own read path, over several reads) finds
/// exactly what the scan of the same bytes on a simulated disk finds, and reports damage in any
/// part of it.
@Suite struct FileScanTests {
    /// 2 MiB: larger than one scan read, so the scan crosses read boundaries and the end of the ring.
    static let size: Int64 = 2 << 20

    /// A real journal file, appended to past one lap with the sync mark in the middle of the
    /// ring (so the scan wraps); returns its path and the record number one past the last.
    private func prepared(in directory: String) throws -> (path: String, head: UInt64, slots: Int64) {
        let path = directory + "/scan.journal"
        let options = JournalOptions(clock: ManualWallTime(), checkInvariants: false)
        let journal = try Journal.create(path: path, size: Self.size, options: options)
        let slots = journal.geometry.slotCount
        var sequence: UInt64 = 0
        func append(until record: UInt64) throws {
            while try journal.statistics().headRecord < record {
                sequence += 1
                try journal.append(Fixture.payload(sequence, records: Int(sequence % 3) + 1))
            }
        }
        try append(until: UInt64(slots) * 3 / 4)
        try journal.markSynced(through: sequence)
        try append(until: UInt64(slots) * 3 / 2)
        let head = try journal.statistics().headRecord
        try journal.close()
        return (path, head, slots)
    }

    private func flipByte(_ path: String, at offset: Int) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[offset] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func fileAndSimulatedDiskScansAgree() throws {
        let directory = TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        let (path, _, _) = try prepared(in: directory)
        let options = JournalOptions(clock: ManualWallTime(), checkInvariants: true)
        let fromFile = try Journal.open(path: path, options: options)
        let fileSnapshot = try Snapshot(fromFile)
        try fromFile.close()
        let image = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let fromDisk = try Journal.reopen(SimulatedDisk(image: image))
        let diskSnapshot = try Snapshot(fromDisk)
        #expect(fileSnapshot.transactions.count == diskSnapshot.transactions.count)
        #expect(fileSnapshot.description == diskSnapshot.description)
        #expect(try Journal.verify(path: path, options: options).isClean)
    }

    @Test func scanOnOneThreadOrTwoFindsTheSame() throws {
        let directory = TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        let (path, head, _) = try prepared(in: directory)
        var found: [String] = []
        for helper in [false, true, nil] {
            let journal = try Journal.open(path: path, options: JournalOptions(clock: ManualWallTime(), scanHelper: helper))
            #expect(try journal.statistics().headRecord == head, "scanHelper \(String(describing: helper))")
            found.append(try Snapshot(journal).description)
            try journal.close()
        }
        #expect(Set(found).count == 1, "\(found)")
    }

    @Test func damageInAnyChunkOfAFileIsReported() throws {
        let directory = TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        let (original, head, slots) = try prepared(in: directory)
        let image = try Data(contentsOf: URL(fileURLWithPath: original))
        // Live records: after the sync mark, before the last transaction (a torn-tail candidate).
        let stats: (synced: UInt64, head: UInt64) = try {
            let journal = try Journal.open(path: original, options: JournalOptions(clock: ManualWallTime(), readOnly: true))
            defer { try? journal.close() }
            let statistics = try journal.statistics()
            return (statistics.syncRecord, statistics.headRecord)
        }()
        #expect(stats.head == head)
        let live = Array(stats.synced..<(stats.head - 3))
        #expect(live.count > 512)
        for record in stride(from: 0, to: live.count, by: live.count / 7) {
            let number = live[record]
            let slot = Int64(number % UInt64(slots))
            let path = directory + "/damaged-\(record).journal"
            try image.write(to: URL(fileURLWithPath: path))
            try flipByte(path, at: 8192 + Int(slot) * 512 + 100)
            let result = Result { () throws(JournalError) in
                try Journal.open(path: path, options: JournalOptions(clock: ManualWallTime()))
            }
            switch result {
            case .success:
                Issue.record("opened a file with damage at slot \(slot)")
            case .failure(.corrupted(let report)):
                #expect(report.slots.contains { $0.slot == slot && $0.region == .live }, "\(report)")
            case .failure(let error):
                Issue.record("unexpected error \(error)")
            }
        }
    }
}
