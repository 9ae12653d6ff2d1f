import LoyaltyJournal
import Testing

/// Damage in the middle of the journal is reported as corruption with its position, never cut
/// off as if it were a torn tail.
@Suite struct CorruptionTests {
    static let slots = 48

    /// A journal with transactions 1...n of 1-3 records, the sync mark at `synced`; returns the
    /// medium's image and the last record number.
    private func prepared(count: UInt64 = 14, synced: UInt64 = 0) throws -> (image: [UInt8], head: UInt64) {
        let (disk, journal) = try Fixture.make(slots: Self.slots)
        for sequence in 1...count { try journal.append(Fixture.payload(sequence, records: Int(sequence % 3) + 1)) }
        if synced > 0 { try journal.markSynced(through: synced) }
        let head = try journal.statistics().headRecord
        try journal.close()
        return (disk.durableImage, head)
    }

    private func offset(ofSlot slot: Int) -> Int { 8192 + slot * 512 }

    /// Expects opening to fail with corruption naming `slot`, and verify to report it.
    private func expectCorruption(_ disk: SimulatedDisk, atSlot slot: Int, _ problem: String) throws {
        do {
            _ = try Journal.reopen(disk)
            Issue.record("opened a journal with damage at slot \(slot)")
        } catch let error as JournalError {
            guard case .corrupted(let report) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(report.slots.contains { $0.slot == Int64(slot) && $0.region == .live })
            #expect(report.slots.first { $0.slot == Int64(slot) }?.fileOffset == Int64(offset(ofSlot: slot)))
            #expect(problem.isEmpty || report.description.contains(problem), "\(report)")
        }
        try disk.reopen()
        let report = try Journal.verify(on: disk)
        #expect(!report.isClean && report.corruption.liveCount >= 1)
        #expect(report.corruption.slots.first?.slot == Int64(slot))
    }

    @Test func bitFlipAnywhereBeforeTheLastTransactionIsReported() throws {
        let (image, head) = try prepared()
        // Transaction 14 (3 records) is the last; every slot before it is checked, at a byte
        // of the header, of the payload and of the checksum.
        let lastStart = Int(head) - 3
        var flips = 0
        for slot in 0..<lastStart {
            for byteInRecord in [0, 17, 25, 45, 200, 508, 511] {
                let disk = SimulatedDisk(image: image)
                disk.flipBit(at: offset(ofSlot: slot) + byteInRecord, bit: flips % 8)
                try expectCorruption(disk, atSlot: slot, "")
                flips += 1
            }
        }
        print("corruption test: \(flips) bit flips in the live range, \(flips) reported as corruption, 0 cut off")
    }

    @Test func bitFlipInTheLastTransactionIsATornTail() throws {
        // Indistinguishable from a torn write of the last append (as in SQLite's WAL): dropped,
        // the journal opens to the state before it.
        let (image, head) = try prepared()
        let disk = SimulatedDisk(image: image)
        disk.flipBit(at: offset(ofSlot: Int(head) - 1) + 100)
        let journal = try Journal.reopen(disk)
        #expect(try journal.statistics().lastSequence == 13)
    }

    @Test func recordCopiedIntoTheWrongSlot() throws {
        let (image, _) = try prepared()
        let disk = SimulatedDisk(image: image)
        let source = offset(ofSlot: 2)
        disk.damage(at: offset(ofSlot: 6), with: Array(image[source..<(source + 512)]))
        try expectCorruption(disk, atSlot: 6, "wrong slot")
    }

    @Test func recordOfAnEarlierLapIsNotResurrected() throws {
        // Lap 1 fills slot 5; lap 2 rewrites it; putting lap 1's bytes back must not bring the
        // old record to life.
        let (disk, journal) = try Fixture.make(slots: 16)
        var sequence: UInt64 = 0
        for _ in 0..<16 { sequence = try journal.append(Fixture.payload(sequence + 1, records: 1)) }
        let oldSlot = Array(disk.durableImage[offset(ofSlot: 5)..<(offset(ofSlot: 5) + 512)])
        try journal.markSynced(through: sequence)
        for _ in 0..<10 { sequence = try journal.append(Fixture.payload(sequence + 1, records: 1)) }
        try journal.close()
        disk.damage(at: offset(ofSlot: 5), with: oldSlot)
        try expectCorruption(disk, atSlot: 5, "earlier lap")
    }

    @Test func earlierLapRecordAtTheTailStaysHistory() throws {
        // Right after the head, the previous lap's records are history, not live data.
        let (disk, journal) = try Fixture.make(slots: 16)
        for sequence in UInt64(1)...20 {
            try journal.append(Fixture.payload(sequence, records: 1))
            try journal.markSynced(through: sequence)
        }
        try journal.close()
        let reopened = try Journal.reopen(disk)
        let statistics = try reopened.statistics()
        #expect(statistics.lastSequence == 20 && statistics.oldestSequence == 5)
    }

    @Test func damagedHistoryIsReportedButDoesNotStopOpening() throws {
        let (image, _) = try prepared(count: 14, synced: 10)
        let disk = SimulatedDisk(image: image)
        // Slot 1 holds part of transaction 1 (history: acknowledged) -- but in the first lap
        // history is only what follows the head, so wrap first.
        let journal = try Journal.reopen(disk)
        var sequence: UInt64 = 14
        while try journal.statistics().headRecord < UInt64(Self.slots + 4) {
            sequence = try journal.append(Fixture.payload(sequence + 1, records: 1))
            try journal.markSynced(through: sequence - 2)
        }
        let head = Int(try journal.statistics().headRecord) % Self.slots
        try journal.close()
        let target = (head + 20) % Self.slots
        disk.flipBit(at: offset(ofSlot: target) + 300)
        try disk.reopen()
        let report = try Journal.verify(on: disk)
        #expect(report.corruption.liveCount == 0 && report.corruption.historyCount == 1)
        #expect(report.corruption.slots.first?.slot == Int64(target))
        #expect(report.corruption.slots.first?.region == .history)
        let reopened = try Journal.reopen(disk)
        #expect(try reopened.statistics().lastSequence == sequence)
    }

    @Test func zeroedSlotInTheMiddle() throws {
        let (image, _) = try prepared()
        let disk = SimulatedDisk(image: image)
        disk.damage(at: offset(ofSlot: 9), with: [UInt8](repeating: 0, count: 512))
        try expectCorruption(disk, atSlot: 9, "blank")
    }

    @Test func superblockCopies() throws {
        let (image, _) = try prepared(count: 6, synced: 4)
        // The in-force copy (generation 2, copy 0) destroyed: the older copy's mark is used,
        // which is safe: it only keeps more records waiting.
        let disk = SimulatedDisk(image: image)
        disk.flipBit(at: 70)
        let journal = try Journal.reopen(disk)
        let statistics = try journal.statistics()
        #expect(statistics.syncedSequence == 0 && statistics.lastSequence == 6)
        try journal.close()
        // Both destroyed: not a journal.
        disk.flipBit(at: 4096 + 70)
        #expect(throws: JournalError.self) { try Journal.reopen(disk) }
    }
}
