import ArgumentParser
import LoyaltyJournal
import Timekeeping

/// `journal verify --path P [--json]`: walks every slot; exit status 1 on corruption.
struct JournalVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every record of a journal; report damage with its position (exit status 1 if any).")

    @Option(help: "The journal file.")
    var path: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let report = try JournalCLI.run {
            try Journal.verify(path: path, options: JournalOptions(clock: SystemWallTime(), readOnly: true))
        }
        let output = VerifyOutput(path: path, report)
        if json {
            print(JournalCLI.json(output))
        } else {
            print(output.text)
        }
        if !report.isClean { throw ExitCode(1) }
    }
}

/// What `journal verify` prints.
struct VerifyOutput: Codable {
    struct Damage: Codable {
        var region: String
        var slot: Int64
        var fileOffset: Int64
        var expectedRecord: UInt64
        var problem: String
    }

    var path: String
    var clean: Bool
    var slotsScanned: Int64
    var headRecord: UInt64
    var headSequence: UInt64
    var syncRecord: UInt64
    var syncSequence: UInt64
    var oldestSequence: UInt64
    var interruptedAppendSlots: Int64
    var superblockGeneration: UInt64
    var superblockCopiesValid: [Bool]
    var liveDamage: Int64
    var historyDamage: Int64
    var damage: [Damage]

    init(path: String, _ r: VerifyReport) {
        self.path = path
        clean = r.isClean
        slotsScanned = r.slotsScanned
        headRecord = r.headRecord
        headSequence = r.lastSequence
        syncRecord = r.syncRecord
        syncSequence = r.syncedSequence
        oldestSequence = r.oldestSequence
        interruptedAppendSlots = r.interruptedAppendSlots
        superblockGeneration = r.superblockGeneration
        superblockCopiesValid = r.superblockCopiesValid
        liveDamage = r.corruption.liveCount
        historyDamage = r.corruption.historyCount
        damage = r.corruption.slots.map {
            Damage(
                region: $0.region.rawValue, slot: $0.slot, fileOffset: $0.fileOffset,
                expectedRecord: $0.expectedRecordNumber, problem: $0.problem)
        }
    }

    var text: String {
        var lines = [
            "\(clean ? "OK" : "CORRUPT"): \(path): \(slotsScanned) slots checked; head sequence \(headSequence) "
                + "(record \(headRecord)), sync mark sequence \(syncSequence) (record \(syncRecord)), "
                + "oldest sequence \(oldestSequence)"
        ]
        if interruptedAppendSlots > 0 {
            lines.append("  torn tail: \(interruptedAppendSlots) slots of an interrupted append ignored (not acknowledged)")
        }
        for (index, valid) in superblockCopiesValid.enumerated() where !valid {
            lines.append("  superblock copy \(index) invalid (torn or never written); generation \(superblockGeneration) in force")
        }
        if !clean {
            lines.append("  \(liveDamage) damaged slots after the sync mark (data loss), \(historyDamage) in synced history")
            for d in damage {
                lines.append("  \(d.region) slot \(d.slot) at file offset \(d.fileOffset) (record \(d.expectedRecord)): \(d.problem)")
            }
            if Int64(damage.count) < liveDamage + historyDamage { lines.append("  ...") }
        }
        return lines.joined(separator: "\n")
    }
}
