import LoyaltyJournal
import SystemPackage
import Testing
import Timekeeping

/// Disk full and I/O errors on write and on sync, once and persistently: the append fails,
/// nothing is acknowledged, and a failed sync is never taken as proof the data is safe.
@Suite struct IOFaultTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var fault: SimulatedDisk.Fault
        var persistent: Bool
        var testDescription: String {
            switch fault {
            case .writeError(let errno, _, let p): "\(errno.rawValue == Errno.noSpace.rawValue ? "ENOSPC" : "EIO") on write, \(p)"
            case .syncError(let errno, _, let p, let fate):
                "\(errno.rawValue == Errno.noSpace.rawValue ? "ENOSPC" : "EIO") on fdatasync, \(p), unsynced sectors \(fate)"
            default: "\(fault)"
            }
        }
    }

    static let cases: [Case] = [Errno.noSpace, Errno.ioError].flatMap { errno in
        [SimulatedDisk.Persistence.once, .persistent].flatMap { persistence in
            [Case(fault: .writeError(errno, atWrite: 1, persistence), persistent: persistence == .persistent)]
                + [SimulatedDisk.SectorFate.dropped, .written, .garbage].map {
                    Case(fault: .syncError(errno, atSync: 1, persistence, fate: $0), persistent: persistence == .persistent)
                }
        }
    }

    @Test(arguments: cases)
    func appendFailsAndNothingIsAcknowledged(_ testCase: Case) throws {
        let (disk, journal) = try Fixture.make(slots: 32)
        var model = Model()
        for records in [1, 3, 2] { try model.append(journal, records: records) }
        try model.markSynced(journal, through: 1)

        disk.inject(testCase.fault)
        let failed = model.appending(records: 2)
        do {
            try journal.append(failed.payloads[failed.last]!)
            Issue.record("append succeeded despite \(testCase.fault)")
        } catch {
            guard case .appendFailed(let sequence, let cause, let inDoubt) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(sequence == 4)
            #expect(cause.errno == Errno.noSpace || cause.errno == Errno.ioError)
            #expect(inDoubt == testCase.persistent, "rollback should work exactly when the fault is transient")
            #expect(error.description.contains("not acknowledged"))
        }

        if testCase.persistent {
            // No more writes from this object; after the device recovers and power is cycled,
            // everything acknowledged is there and the failed transaction may or may not be.
            #expect(throws: JournalError.self) { try journal.append([1]) }
            #expect(throws: JournalError.self) { try journal.markSynced(through: 2) }
            for seed in UInt64(1)...4 {
                let copy = SimulatedDisk(image: disk.cachedImage)
                disk.clearFault()
                copy.powerCycle(.random(seed: seed))
                let snapshot = try Snapshot(Journal.reopen(copy))
                #expect(snapshot.matches(model) || snapshot.matches(failed), "\(snapshot)")
            }
        } else {
            // The transient fault was rolled back: the journal goes on, sequence 4 is reused.
            let replacement = model.appending(records: 1)
            #expect(try journal.append(replacement.payloads[4]!) == 4)
            disk.powerCycle(.dropAll)
            let snapshot = try Snapshot(Journal.reopen(disk))
            #expect(snapshot.matches(replacement), "\(snapshot)")
        }
        print(
            "I/O fault test [\(testCase.testDescription)]: append refused, 0 acknowledged, "
                + (testCase.persistent ? "journal stopped taking writes" : "rolled back and continued"))
    }

    @Test func failedSyncIsNotRetriedAsIfSafe() throws {
        // The Linux failure mode: the sync fails, the pages are marked clean and never reach the
        // medium, but reads still show them. The engine rolls back, so the next append's sync
        // cannot leave a hole after a power cut.
        let (disk, journal) = try Fixture.make(slots: 32)
        var model = Model()
        try model.append(journal, records: 1)
        disk.inject(.syncError(.ioError, atSync: 1, .once, fate: .dropped))
        #expect(throws: JournalError.self) { try journal.append(Fixture.payload(2, records: 2)) }
        try model.append(journal, records: 1)
        try model.append(journal, records: 1)
        disk.powerCycle(.dropAll)
        let snapshot = try Snapshot(Journal.reopen(disk))
        #expect(snapshot.matches(model), "\(snapshot)")
        try disk.reopen()
        #expect(try Journal.verify(on: disk).isClean)
    }

    @Test(arguments: [Errno.noSpace, Errno.ioError])
    func syncMarkFailureKeepsTheOldMark(_ errno: Errno) throws {
        let (disk, journal) = try Fixture.make(slots: 32)
        for sequence in UInt64(1)...4 { try journal.append(Fixture.payload(sequence, records: 1)) }
        try journal.markSynced(through: 1)
        disk.inject(.syncError(errno, atSync: 1, .once, fate: .written))
        #expect(throws: JournalError.self) { try journal.markSynced(through: 3) }
        #expect(try journal.statistics().syncedSequence == 1)
        // The half-written copy was invalidated: after a power cut the old mark is in force.
        let copy = SimulatedDisk(image: disk.cachedImage)
        copy.powerCycle(.keepAll)
        #expect(try Journal.reopen(copy).statistics().syncedSequence == 1)
        // Retrying writes the copy again before syncing it.
        try journal.markSynced(through: 3)
        disk.powerCycle(.dropAll)
        #expect(try Journal.reopen(disk).statistics().syncedSequence == 3)
    }

    @Test func diskFullWhileCreatingARealFileLeavesNothing() throws {
        // A journal larger than the file system can hold fails cleanly (no half-created file).
        let directory = TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(directory) }
        let path = directory + "/huge.journal"
        #expect(throws: JournalError.self) {
            try Journal.create(path: path, size: 1 << 62, options: JournalOptions(clock: ManualWallTime()))
        }
        #expect(throws: JournalError.self) { try Journal.open(path: path, options: JournalOptions(clock: ManualWallTime())) }
    }
}
