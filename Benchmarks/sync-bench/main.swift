import AsyncHTTPClient
import BackOfficeSQLite
import BackOfficeStorage
import CardProfile
import Foundation
import Logging
import LoyaltyJournal
import NIOSSL
import StoreProcesses
import SyncProtocol
import TerminalSync
// sync-bench: journal transactions per second from a terminal's journal into the back office
// store (the terminal's sync service, signed HTTP uploads, a real `loyalty-backoffice serve`
// process), against the same rows written straight into the database in the same run: a
// batched INSERT into SQLite, and COPY into PostgreSQL. Then pull throughput over HTTPS.
//
// The SQLite sync runs twice in the same run: over HTTPS (the default: the back office's own
// authority, which the terminal trusts alone) and over plain HTTP (--unsafe-plain-http), and
// reports the ratio (sqliteTLSOverPlain, expected at least 0.8).
//
// Needs a release build of loyalty-backoffice next to it, and PostgreSQL's binaries
// (scripts/setup.sh) unless --no-postgres:
//   swift build -c release --product loyalty-backoffice && swift build -c release --product sync-bench
//   .build/release/sync-bench [--transactions 100000] [--batch 1000] [--pull-records 1000000] [--no-postgres]
import Timekeeping

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int { arguments.firstIndex(of: name).flatMap { Int(arguments[$0 + 1]) } ?? fallback }
let transactions = option("--transactions", 100_000)
let batch = option("--batch", 1000)
let pullRecords = option("--pull-records", 1_000_000)
let withPostgres = !arguments.contains("--no-postgres")

func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
func milliseconds() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

let folder = NSTemporaryDirectory() + "sync-bench-" + UUID().uuidString
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }
let issuer = Issuer.generateTestIssuer(programmeID: 0x4C4F_5931)
try IssuerFile(issuer, includePrivateKey: false).save(folder + "/issuer.json")
let quiet: Logger = {
    var logger = Logger(label: "sync-bench")
    logger.logLevel = .error
    return logger
}()

/// Uploads a fresh journal of `transactions` through the sync service into a back office on
/// `database`; the seconds it took, after checking everything arrived.
func syncIntoBackOffice(database: String, terminal: UInt32, plainHTTP: Bool = false) async throws -> Double {
    try TerminalCredentialFile(issuer.enrolTerminal(id: terminal), test: true).save(folder + "/terminal-\(terminal).json")
    let server = BackOfficeProcess(
        database: database, logPath: folder + "/backoffice-\(terminal).log",
        arguments: ["--log-level", "error"] + (plainHTTP ? ["--unsafe-plain-http"] : []))
    let enrolled = try await server.command([
        "terminal", "enrol", "--credential-file", folder + "/terminal-\(terminal).json", "--issuer-file", folder + "/issuer.json",
    ])
    guard enrolled.status == 0 else { throw BenchFailure("enrol: \(enrolled.standardError)") }
    try await server.start()
    log("  filling a journal of \(transactions) transactions")
    let journal = try SyntheticJournal.create(
        path: folder + "/terminal-\(terminal).journal", transactions: transactions, terminal: terminal)
    let credential = try TerminalCredentialFile.load(folder + "/terminal-\(terminal).json")
    // As the terminal does: over HTTPS, a client trusting the authority enrolment handed over.
    let client: HTTPClient
    if plainHTTP {
        client = .shared
    } else {
        guard let authority = credential.backOfficeAuthority else { throw BenchFailure("enrolment handed over no TLS authority") }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(authority.utf8)))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
    }
    let sync = SyncService(
        journal: journal, credential: try credential.credential(),
        settings: SyncSettings(url: server.url, timeout: .seconds(60), maximumBatchTransactions: batch, maximumBatchBytes: 4 << 20),
        client: client, logger: quiet, wallTime: SystemWallTime())
    log("  uploading")
    let start = ContinuousClock.now
    var failure: String?
    uploading: while true {
        switch await sync.step() {
        case .idle: break uploading
        case .uploaded: continue
        case .failed(let reason), .refused(_, let reason):
            failure = reason
            break uploading
        }
    }
    let elapsed = seconds(ContinuousClock.now - start)
    if !plainHTTP { try await client.shutdown() }
    if let failure { throw BenchFailure("upload failed: \(failure)") }
    let synced = try journal.statistics().syncedSequence
    try journal.close()
    let listed = try await server.command(["terminal", "list"]).standardOutput
    try await server.stop()
    guard synced == UInt64(transactions), listed.contains("\(terminal)\t\(transactions)\t") else {
        throw BenchFailure("not everything arrived: journal synced \(synced), back office: \(listed)")
    }
    return elapsed
}

/// The same rows the back office stored, for the references.
func rows(terminal: UInt32) -> [Row] {
    let now = milliseconds()
    return (1...transactions).map {
        Row(
            terminal: terminal, sequence: UInt64($0), recordedAt: now + Int64($0), receivedAt: now,
            payload: SyntheticJournal.payload($0, terminal: terminal))
    }
}

var result: [String: Double] = ["transactions": Double(transactions), "batch": Double(batch)]

log("sync-bench: SQLite store, \(transactions) transactions, batches of \(batch), over plain HTTP (the reference)")
try FileManager.default.createDirectory(atPath: folder + "/plain", withIntermediateDirectories: true)
let sqlitePlainSync = try await syncIntoBackOffice(database: "sqlite:\(folder)/plain/backoffice.sqlite", terminal: 4, plainHTTP: true)
log("sync-bench: the same over HTTPS")
let sqliteSync = try await syncIntoBackOffice(database: "sqlite:\(folder)/backoffice.sqlite", terminal: 1)
result["sqlitePlainHTTPSyncRecordsPerSecond"] = Double(transactions) / sqlitePlainSync
result["sqliteTLSOverPlain"] = sqlitePlainSync / sqliteSync
let sqliteReference = seconds(try SQLiteReference.insert(rows(terminal: 1), batch: batch, path: folder + "/reference.sqlite"))
result["sqliteSyncRecordsPerSecond"] = Double(transactions) / sqliteSync
result["sqliteBatchedInsertRecordsPerSecond"] = Double(transactions) / sqliteReference
result["sqliteSyncOverBatchedInsert"] = sqliteReference / sqliteSync

if withPostgres {
    log("sync-bench: PostgreSQL store")
    let postgres = try await PostgresServer.start()
    do {
        let storeDatabase = try await postgres.createDatabase(prefix: "bench")
        let postgresSync = try await syncIntoBackOffice(database: postgres.url(database: storeDatabase), terminal: 2)
        let referenceDatabase = try await postgres.createDatabase(prefix: "reference")
        let copy = seconds(try PostgresReference.copy(rows(terminal: 2), url: postgres.url(database: referenceDatabase), folder: folder))
        result["postgresSyncRecordsPerSecond"] = Double(transactions) / postgresSync
        result["postgresCopyRecordsPerSecond"] = Double(transactions) / copy
        result["postgresSyncOverCopy"] = copy / postgresSync
    } catch {
        postgres.stop()
        throw error
    }
    postgres.stop()
}

if pullRecords > 0 {
    log("sync-bench: pull of \(pullRecords) records over HTTPS (NDJSON pages of 10000)")
    let path = folder + "/pull.sqlite"
    let store = try await SQLiteLedgerStore.open(path: path, logger: quiet)
    try await store.migrate()
    var sequence: UInt64 = 0
    while sequence < UInt64(pullRecords) {
        let count = min(10_000, pullRecords - Int(sequence))
        let page = (1...count).map { offset -> UploadedTransaction in
            let next = sequence + UInt64(offset)
            return UploadedTransaction(sequence: next, recordedAt: Int64(next), payload: SyntheticJournal.payload(Int(next), terminal: 3))
        }
        _ = try await store.ingest(terminal: 3, page, receivedAt: milliseconds())
        sequence += UInt64(count)
    }
    try await store.close()
    let server = BackOfficeProcess(
        database: "sqlite:\(path)", logPath: folder + "/backoffice-pull.log", arguments: ["--log-level", "error"])
    let added = try await server.command(["user", "add", "bench", "--role", "auditor"])
    let token = added.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    try token.write(toFile: folder + "/token", atomically: true, encoding: .utf8)
    chmod(folder + "/token", 0o600)  // pull refuses a token file others may read
    try await server.start()
    let start = ContinuousClock.now
    // Run as the server's commands are: it trusts the server's own authority.
    let pull = try await server.command([
        "pull", "--url", server.url, "--token-file", folder + "/token", "--format", "ndjson", "--page-size", "10000", "--output",
        folder + "/pulled.ndjson",
    ])
    let elapsed = seconds(ContinuousClock.now - start)
    try await server.stop()
    guard pull.status == 0 else { throw BenchFailure("pull failed: \(pull.standardError)") }
    let lines = try Data(contentsOf: URL(fileURLWithPath: folder + "/pulled.ndjson")).reduce(0) { $1 == 10 ? $0 + 1 : $0 }
    guard lines == pullRecords else { throw BenchFailure("pulled \(lines) records, expected \(pullRecords)") }
    result["pullRecords"] = Double(pullRecords)
    result["pullRecordsPerSecond"] = Double(pullRecords) / elapsed
    result["pullSeconds"] = elapsed
}

let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
print(String(decoding: try encoder.encode(result), as: UTF8.self))
