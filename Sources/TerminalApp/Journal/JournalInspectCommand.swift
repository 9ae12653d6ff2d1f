import ArgumentParser
import LoyaltyJournal
import Timekeeping

/// `journal inspect --path P [--json]`: capacity, occupancy and positions, read-only.
struct JournalInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a journal's capacity, use, positions and the age of its oldest unsynced transaction.")

    @Option(help: "The journal file.")
    var path: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let clock = SystemWallTime()
        let statistics = try JournalCLI.run { () throws(JournalError) -> JournalStatistics in
            let journal = try Journal.open(path: path, options: JournalOptions(clock: clock, readOnly: true))
            defer { try? journal.close() }
            return try journal.statistics()
        }
        let report = InspectReport(path: path, statistics, now: clock.millisecondsSinceEpoch())
        if json {
            print(JournalCLI.json(report))
        } else {
            print(report.text)
        }
    }
}

/// What `journal inspect` prints.
struct InspectReport: Codable {
    var path: String
    var fileSize: Int64
    var recordSize: Int
    var payloadBytesPerRecord: Int
    var capacityRecords: Int64
    var usedRecords: Int64
    var freeRecords: Int64
    var waitingTransactions: UInt64
    var retainedRecords: Int64
    var headRecord: UInt64
    var headSequence: UInt64
    var syncRecord: UInt64
    var syncSequence: UInt64
    var oldestRecord: UInt64
    var oldestSequence: UInt64
    var oldestUnsyncedTimestampMs: UInt64?
    var oldestUnsyncedAgeMs: UInt64?
    var syncedAtMs: UInt64
    var createdAtMs: UInt64
    var journalID: String
    var superblockGeneration: UInt64

    init(path: String, _ s: JournalStatistics, now: UInt64) {
        self.path = path
        fileSize = s.geometry.fileSize
        recordSize = s.geometry.recordSize
        payloadBytesPerRecord = s.geometry.payloadCapacity
        capacityRecords = s.capacityRecords
        usedRecords = s.waitingRecords
        freeRecords = s.freeRecords
        waitingTransactions = s.waitingTransactions
        retainedRecords = s.retainedRecords
        headRecord = s.headRecord
        headSequence = s.lastSequence
        syncRecord = s.syncRecord
        syncSequence = s.syncedSequence
        oldestRecord = s.oldestRecord
        oldestSequence = s.oldestSequence
        oldestUnsyncedTimestampMs = s.oldestUnsyncedTimestamp
        oldestUnsyncedAgeMs = s.oldestUnsyncedAge(now: now)
        syncedAtMs = s.syncedAt
        createdAtMs = s.geometry.createdAt
        journalID = String(s.geometry.journalID, radix: 16)
        superblockGeneration = s.superblockGeneration
    }

    var text: String {
        let percent = capacityRecords > 0 ? usedRecords * 100 / capacityRecords : 0
        let age = oldestUnsyncedAgeMs.map { JournalCLI.describeAge(milliseconds: $0) } ?? "none waiting"
        return """
            journal \(path) (id \(journalID))
              file size             \(fileSize) bytes, \(capacityRecords) records of \(recordSize) bytes (\(payloadBytesPerRecord) payload bytes each)
              used (waiting sync)   \(usedRecords) records (\(percent)%), \(waitingTransactions) transactions
              free                  \(freeRecords) records
              head                  sequence \(headSequence), record \(headRecord)
              sync mark             sequence \(syncSequence), record \(syncRecord)
              oldest retained       sequence \(oldestSequence), record \(oldestRecord) (\(retainedRecords) records held)
              oldest unsynced age   \(age)
            """
    }
}
