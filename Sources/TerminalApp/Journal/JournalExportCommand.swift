import ArgumentParser
import Foundation
import LoyaltyJournal
import Timekeeping

/// `journal export --path P --from SEQ`: NDJSON, one transaction per line.
struct JournalExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print transactions as NDJSON, one per line: sequence, timestamp, records and payload (base64).")

    @Option(help: "The journal file.")
    var path: String

    @Option(help: "First sequence to export (default: the oldest still held).")
    var from: UInt64?

    struct Line: Encodable {
        var sequence: UInt64
        var timestampMs: UInt64
        var firstRecord: UInt64
        var records: Int
        var payloadBytes: Int
        var payloadBase64: String
        var synced: Bool
    }

    func run() throws {
        let journal = try JournalCLI.run {
            try Journal.open(path: path, options: JournalOptions(clock: SystemWallTime(), readOnly: true))
        }
        defer { try? journal.close() }
        let statistics = try JournalCLI.run { try journal.statistics() }
        var cursor: TransactionCursor
        do { cursor = try journal.transactions(from: from ?? statistics.oldestSequence) } catch {
            JournalCLI.printError("error: \(error)")
            throw ExitCode(1)
        }
        var output = ""
        while true {
            let next: JournalTransaction?
            do { next = try cursor.next() } catch {
                FileHandle.standardOutput.write(Data(output.utf8))
                JournalCLI.printError("error: \(error)")
                throw ExitCode(1)
            }
            guard let transaction = next else { break }
            let line = Line(
                sequence: transaction.sequence, timestampMs: transaction.timestamp,
                firstRecord: transaction.firstRecord, records: transaction.recordCount,
                payloadBytes: transaction.payload.count,
                payloadBase64: Data(transaction.payload).base64EncodedString(),
                synced: transaction.sequence <= statistics.syncedSequence)
            output += JournalCLI.json(line, pretty: false)
            output += "\n"
            if output.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output = ""
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
