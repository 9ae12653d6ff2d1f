import LoyaltyJournal
import Testing
import Timekeeping

@Suite struct JournalBasicsTests {
    @Test func appendReadAndReopen() throws {
        let (disk, journal) = try Fixture.make(slots: 64)
        for sequence in UInt64(1)...10 {
            let got = try journal.append(Fixture.payload(sequence, records: Int(sequence % 3) + 1))
            #expect(got == sequence)
        }
        let before = try Snapshot(journal)
        #expect(before.lastSequence == 10 && before.transactions.count == 10)
        for (sequence, payload) in before.transactions {
            #expect(payload == Fixture.payload(sequence, records: Int(sequence % 3) + 1))
        }
        try journal.close()
        #expect(throws: JournalError.self) { try journal.append([1]) }
        let reopened = try Journal.reopen(disk)
        #expect(try Snapshot(reopened) == before)
    }

    @Test func emptyAndMaximalPayloads() throws {
        let (_, journal) = try Fixture.make(slots: 32, maxParts: 4)
        try journal.append([UInt8]())
        try journal.append([UInt8](repeating: 7, count: 4 * 460))
        #expect(throws: JournalError.self) { try journal.append([UInt8](repeating: 7, count: 4 * 460 + 1)) }
        var cursor = try journal.transactions(from: 1)
        #expect(try cursor.next()?.payload == [])
        let big = try cursor.next()
        #expect(big?.recordCount == 4 && big?.payload.count == 1840)
        #expect(try cursor.next() == nil)
    }

    @Test func fullJournalRefusesAndSyncFreesRoom() throws {
        let (_, journal) = try Fixture.make(slots: 16)
        for sequence in UInt64(1)...8 { try journal.append(Fixture.payload(sequence, records: 2)) }
        do {
            try journal.append([1, 2, 3])
            Issue.record("append into a full journal succeeded")
        } catch let error {
            guard case .journalFull(let transactions, let records, let capacity, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(transactions == 8 && records == 16 && capacity == 16)
            #expect(error.description.contains("8 transactions"))
        }
        // Nothing was dropped.
        #expect(try Snapshot(journal).live.count == 8)
        try journal.markSynced(through: 3)
        #expect(try journal.append(Fixture.payload(9, records: 2)) == 9)
        #expect(try journal.append(Fixture.payload(10, records: 2)) == 10)
        let statistics = try journal.statistics()
        #expect(statistics.waitingTransactions == 7 && statistics.freeRecords == 2)
        #expect(statistics.oldestSequence == 3)  // 1 and 2 were overwritten by 9 and 10; 3 remains as history.
        #expect(try journal.append(Fixture.payload(11, records: 2)) == 11)
        #expect(throws: JournalError.self) { try journal.append(Fixture.payload(12, records: 2)) }
        #expect(try journal.statistics().oldestSequence == 4)
    }

    @Test func ringWrapsManyTimes() throws {
        let (disk, journal) = try Fixture.make(slots: 24, checks: false)
        var last: UInt64 = 0
        for round in 0..<200 {
            last = try journal.append(Fixture.payload(last + 1, records: round % 4 + 1))
            if round % 3 == 0 { try journal.markSynced(through: last) }
        }
        let snapshot = try Snapshot(journal)
        #expect(snapshot.lastSequence == 200)
        for (sequence, payload) in snapshot.transactions {
            #expect(payload == Fixture.payload(sequence, records: Int(sequence - 1) % 4 + 1))
        }
        try journal.close()
        #expect(try Snapshot(Journal.reopen(disk)) == snapshot)
        try disk.reopen()
        #expect(try Journal.verify(on: disk).isClean)
    }

    @Test func readingFromTheMiddleAndFromTheSyncMark() throws {
        let (_, journal) = try Fixture.make(slots: 64)
        for sequence in UInt64(1)...20 { try journal.append(Fixture.payload(sequence, records: 1 + Int(sequence % 2))) }
        try journal.markSynced(through: 12)
        var cursor = try journal.transactions(from: 7)
        #expect(try cursor.next()?.sequence == 7)
        cursor = try journal.transactions(from: 13)
        #expect(try cursor.next()?.sequence == 13)
        cursor = try journal.transactions(from: 21)
        #expect(try cursor.next() == nil)
        #expect(throws: JournalError.self) { _ = try journal.transactions(from: 22) }
        #expect(throws: JournalError.self) { try journal.markSynced(through: 21) }
        try journal.markSynced(through: 5)  // Backwards: nothing happens.
        #expect(try journal.statistics().syncedSequence == 12)
    }

    @Test func cursorSeesOverwrittenTransactions() throws {
        let (_, journal) = try Fixture.make(slots: 16, checks: false)
        for sequence in UInt64(1)...16 { try journal.append(Fixture.payload(sequence, records: 1)) }
        try journal.markSynced(through: 16)
        var cursor = try journal.transactions(from: 1)
        #expect(try cursor.next()?.sequence == 1)
        for sequence in UInt64(17)...40 {
            try journal.append(Fixture.payload(sequence, records: 1))
            try journal.markSynced(through: sequence)
        }
        #expect(throws: JournalError.self) { while try cursor.next() != nil {} }
    }

    @Test func statisticsAndAges() throws {
        let clock = ManualWallTime(milliseconds: 1_000_000)
        let disk = SimulatedDisk(size: Fixture.size(slots: 32))
        let journal = try Journal.create(on: disk, layout: Fixture.layout(), options: Fixture.options(clock: clock))
        #expect(try journal.statistics().oldestUnsyncedTimestamp == nil)
        try journal.append([1])
        clock.advance(byMilliseconds: 5000)
        try journal.append([2])
        var statistics = try journal.statistics()
        #expect(statistics.oldestUnsyncedAge(now: clock.millisecondsSinceEpoch()) == 5000)
        try journal.markSynced(through: 1)
        statistics = try journal.statistics()
        #expect(statistics.oldestUnsyncedTimestamp == 1_005_000)
        #expect(statistics.waitingRecords == 1 && statistics.retainedRecords == 2)
        try journal.close()
        let reopened = try Journal.reopen(disk)
        #expect(try reopened.statistics().oldestUnsyncedTimestamp == 1_005_000)
    }

    @Test func readOnlyOpenWritesNothing() throws {
        let (disk, journal) = try Fixture.make(slots: 16)
        try journal.append([1])
        try journal.close()
        let writes = disk.writeCount
        let reader = try Journal.reopen(disk, readOnly: true)
        #expect(throws: JournalError.self) { try reader.append([2]) }
        #expect(disk.writeCount == writes)
    }

    @Test func notAJournal() throws {
        let disk = SimulatedDisk(size: 64 * 1024)
        #expect(throws: JournalError.self) { try Journal.reopen(disk) }
    }

    @Test func realFileCreateOpenAndSize() throws {
        let directory = TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        let path = directory + "/real.journal"
        let options = JournalOptions(clock: ManualWallTime(), checkInvariants: true)
        let journal = try Journal.create(path: path, size: 1 << 20, options: options)
        #expect(journal.geometry.slotCount == (1 << 20 - 8192) / 512)
        for sequence in UInt64(1)...50 { try journal.append(Fixture.payload(sequence, records: 2)) }
        try journal.close()
        #expect(throws: JournalError.self) { try Journal.create(path: path, size: 1 << 20, options: options) }
        let reopened = try Journal.open(path: path, options: options)
        #expect(try Snapshot(reopened).transactions.count == 50)
        #expect(try Journal.verify(path: path, options: options).isClean)
    }
}
