import LoyaltyJournal
import Testing
import Timekeeping

/// Small journals on a simulated disk, with invariant checks on.
enum Fixture {
    static let journalID: UInt64 = 0x1234_5678_9ABC_DEF0
    static let recordSize = 512
    static let payloadCapacity = 460

    /// Bytes for a file of `slots` record slots.
    static func size(slots: Int, recordSize: Int = 512) -> Int64 { 8192 + Int64(slots * recordSize) }

    static func options(clock: ManualWallTime = ManualWallTime(), readOnly: Bool = false, checks: Bool = true) -> JournalOptions {
        JournalOptions(clock: clock, readOnly: readOnly, checkInvariants: checks)
    }

    static func layout(maxParts: Int = 4) -> JournalLayout {
        JournalLayout(recordSize: 512, maxRecordsPerTransaction: maxParts, journalID: journalID)
    }

    /// A new journal on a blank simulated disk of `slots` slots.
    static func make(slots: Int, maxParts: Int = 4, checks: Bool = true) throws -> (SimulatedDisk, Journal) {
        let disk = SimulatedDisk(size: size(slots: slots))
        let journal = try Journal.create(on: disk, layout: layout(maxParts: maxParts), options: options(checks: checks))
        return (disk, journal)
    }

    /// The payload of `sequence` spanning `records` records (deterministic).
    static func payload(_ sequence: UInt64, records: Int) -> [UInt8] {
        SyntheticPayload.make(sequence: sequence, length: max(8, (records - 1) * payloadCapacity + 100))
    }
}

/// Everything a journal holds, read back: the positions and every retained transaction.
struct Snapshot: Equatable, CustomStringConvertible {
    var lastSequence: UInt64
    var syncedSequence: UInt64
    var oldestSequence: UInt64
    var transactions: [UInt64: [UInt8]]

    init(_ journal: Journal) throws {
        let statistics = try journal.statistics()
        lastSequence = statistics.lastSequence
        syncedSequence = statistics.syncedSequence
        oldestSequence = statistics.oldestSequence
        transactions = [:]
        var cursor = try journal.transactions(from: statistics.oldestSequence)
        var expected = statistics.oldestSequence
        while let transaction = try cursor.next() {
            #expect(transaction.sequence == expected, "gap in the sequences")
            transactions[transaction.sequence] = transaction.payload
            expected += 1
        }
        #expect(expected == lastSequence + 1, "read \(expected - 1), last is \(lastSequence)")
    }

    /// The transactions after the sync mark: those that must survive anything.
    var live: [UInt64: [UInt8]] { transactions.filter { $0.key > syncedSequence } }

    var description: String {
        "last \(lastSequence), synced \(syncedSequence), oldest \(oldestSequence), \(transactions.count) held"
    }
}

extension Journal {
    /// Opens the journal on `disk` with checks on.
    static func reopen(_ disk: SimulatedDisk, readOnly: Bool = false) throws -> Journal {
        try disk.reopen()
        return try Journal.open(on: disk, options: Fixture.options(readOnly: readOnly))
    }
}
