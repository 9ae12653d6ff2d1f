import ArgumentParser
import LoyaltyJournal
import Timekeeping

/// `journal create --path P --size BYTES`: a new, empty journal file of a fixed size.
struct JournalCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a journal file of a fixed size (every byte written and synced now).")

    @Option(help: "The journal file to create; it must not exist.")
    var path: String

    @Option(help: "The file's size in bytes, e.g. 16777216 (16 MiB); suffixes K, M, G allowed.")
    var size: String

    @Option(help: "Bytes per record slot: 512, 1024, 2048 or 4096.")
    var recordSize: Int = 512

    @Option(help: "Largest number of records one transaction may span.")
    var maxRecordsPerTransaction: Int = 16

    func run() throws {
        guard let bytes = JournalCLI.parseSize(size) else {
            throw ValidationError("--size must be a byte count such as 16777216 or 16M, not \(size)")
        }
        let journal = try JournalCLI.run {
            try Journal.create(
                path: path, size: bytes,
                layout: JournalLayout(recordSize: recordSize, maxRecordsPerTransaction: maxRecordsPerTransaction),
                options: JournalOptions(clock: SystemWallTime()))
        }
        let geometry = journal.geometry
        try? journal.close()
        print(
            "created \(path): \(bytes) bytes, \(geometry.slotCount) records of \(geometry.recordSize) bytes "
                + "(\(geometry.payloadCapacity) payload bytes each, up to \(geometry.maxRecordsPerTransaction) per transaction)")
    }
}
