import ArgumentParser
import Foundation
import LoyaltyJournal
import Timekeeping

/// `journal stress --path P --count N`: appends synthetic transactions and prints each sequence
/// number on its own line once it is durable. Crash tests kill it at random moments and check
/// that every printed number is in the journal after reopening.
struct JournalStressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Append N synthetic transactions, printing each sequence number once it is durable.")

    @Option(help: "The journal file (created with --create-size if it does not exist).")
    var path: String

    @Option(help: "How many transactions to append.")
    var count: Int

    @Option(help: "Create the journal with this size in bytes if it does not exist.")
    var createSize: String?

    @Option(help: "Payload sizes vary with the sequence from 8 up to this many bytes (several records when larger than one).")
    var maxPayload: Int = 200

    @Option(help: "Act as the back office: keep at most this many transactions waiting, marking older ones synced.")
    var keepUnsynced: UInt64?

    func run() throws {
        let options = JournalOptions(clock: SystemWallTime())
        let journal = try openOrCreate(options)
        defer { try? journal.close() }
        var last = try JournalCLI.run { try journal.statistics().lastSequence }
        for _ in 0..<count {
            let next = last + 1
            let payload = SyntheticPayload.make(sequence: next, maxLength: maxPayload)
            let sequence = try JournalCLI.run { try journal.append(payload) }
            guard sequence == next else {
                JournalCLI.printError("error: expected sequence \(next), got \(sequence)")
                throw ExitCode(1)
            }
            JournalCLI.writeLineUnbuffered(String(sequence))
            last = sequence
            if let limit = keepUnsynced, last > limit {
                let synced = try JournalCLI.run { try journal.statistics().syncedSequence }
                let through = last - limit
                if through > synced { try JournalCLI.run { try journal.markSynced(through: through) } }
            }
        }
    }

    private func openOrCreate(_ options: JournalOptions) throws -> Journal {
        if let createSize, !fileExists(path) {
            guard let size = JournalCLI.parseSize(createSize) else {
                throw ValidationError("--create-size must be a byte count, not \(createSize)")
            }
            return try JournalCLI.run { try Journal.create(path: path, size: size, options: options) }
        }
        return try JournalCLI.run { try Journal.open(path: path, options: options) }
    }

    private func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
