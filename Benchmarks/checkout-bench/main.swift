// checkout-bench: the whole tap as the POS sees it (HTTP request in to answer out, card
// already on the reader) against its floor measured in the same rounds: the tap's APDU round
// trips (trivial commands to the same card, plus the card's own processing time of the tap's
// commands) and one pwrite + fdatasync of a journal entry's size.
//
// Needs pcscd with the vpcd driver (scripts/pcscd.sh start) and a release build:
//   swift build -c release --product loyalty-terminal && swift build -c release --product checkout-bench
//   .build/release/checkout-bench [--rounds 300]
//   .build/release/checkout-bench --refunds 100   (a refund at another till online vs a local one; needs
//   loyalty-backoffice too; and the cost of verifying a receipt reference offline)
//   .build/release/checkout-bench --memory-sales 5000 [--standalone]   (resident size as the journal wraps, synced to a
//   back office (needs loyalty-backoffice too); --standalone: no back office, a 16 MiB journal)
import AsyncHTTPClient
import CardProfile
import Foundation
import Logging
import LoyaltyJournal
import NIOCore
import PCSC
import StoreProcesses
import TestSupport
import Timekeeping
import VirtualCard

let arguments = CommandLine.arguments
let rounds = arguments.firstIndex(of: "--rounds").flatMap { Int(arguments[$0 + 1]) } ?? 300
let warmUp = 20
let reader = PCSCDaemon.secondVirtualReader

func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

func micros(_ d: Duration) -> Double { Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12 }

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

func post(_ port: Int, _ path: String, _ body: String) async throws -> (Int, Data) {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(string: body))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    return (Int(response.status.code), Data((try await response.body.collect(upTo: 1 << 20)).readableBytesView))
}

try await PCSCDaemon.ensureRunning()
let folder = NSTemporaryDirectory() + "checkout-bench-" + UUID().uuidString
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }

let issuer = Issuer.generateTestIssuer(programmeID: 0x4C4F_5931)
try IssuerFile(issuer, includePrivateKey: false).save(folder + "/issuer.json")
try TerminalCredentialFile(issuer.enrolTerminal(id: 1), test: true).save(folder + "/credential.json")
let member = Issuer.Member(
    memberID: "M-BENCH", issued: try CalendarDate(year: 2025, month: 1, day: 1),
    expires: try CalendarDate(year: 2030, month: 12, day: 31), birthdayMonth: 1, birthdayDay: 1)
try CardImageFile(path: folder + "/card.img").write(issuer.personalise(member, uid: [1, 2, 3, 4]))
let card = TimedCard(try MemberCardApplication(imagePath: folder + "/card.img"))
let host = VirtualCardHost(application: card, port: VirtualCardHost.defaultPort + 1, logger: Logger(label: "bench.card"))
let port = Int.random(in: 30_000..<40_000)
try """
{ "reader": "\(reader)", "journal": { "path": "\(folder)/terminal.journal", "size": "16M" },
  "programme": "embedded-demo",
  "trust": { "issuerFile": "\(folder)/issuer.json", "programmeID": \(issuer.programmeID), "acceptTestCards": true },
  "terminalCredentialFile": "\(folder)/credential.json",
  "posAPI": { "host": "127.0.0.1", "port": \(port) }, "logLevel": "warning" }
""".write(toFile: folder + "/terminal.json", atomically: true, encoding: .utf8)

try await PCSCDaemon.waitForEmptyReader(reader)
host.insert()
defer { host.remove() }

/// Prints a run's figures as JSON, takes the card off and ends the bench.
func finish(with figures: [String: Double]) throws -> Never {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(figures), as: UTF8.self))
    host.remove()
    try? FileManager.default.removeItem(atPath: folder)
    exit(0)
}

if let memorySales = arguments.firstIndex(of: "--memory-sales").flatMap({ Int(arguments[$0 + 1]) }) {
    let standalone = arguments.contains("--standalone")
    log(
        "checkout-bench: \(memorySales) sales, \(standalone ? "standalone, 16 MiB journal" : "a 1 MiB journal synced to a back office"), the terminal's VmRSS sampled"
    )
    try finish(
        with: try await MemoryRun.run(
            sales: memorySales, reader: reader, folder: folder, issuer: issuer, host: host, standalone: standalone))
}
if let refunds = arguments.firstIndex(of: "--refunds").flatMap({ Int(arguments[$0 + 1]) }) {
    try finish(with: try await RefundRun.run(refunds: refunds, reader: reader, folder: folder, issuer: issuer))
}
let terminal = Process()
terminal.executableURL = BuiltProducts.executable("loyalty-terminal")
terminal.arguments = ["run", "--config", folder + "/terminal.json"]
terminal.standardOutput = FileHandle.nullDevice
try terminal.run()
defer {
    terminal.terminate()
    terminal.waitUntilExit()
}
var ready = false
for _ in 0..<200 where !ready {
    try await Task.sleep(for: .milliseconds(100))
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
    request.method = .GET
    ready = (try? await HTTPClient.shared.execute(request, timeout: .seconds(2))) != nil
}
guard ready else { throw BenchFailure("the terminal did not start") }

let context = try PCSCContext()
defer { context.release() }
_ = try await context.waitForCard(in: reader, timeout: .seconds(10))
let connection = try await context.connect(to: reader)

log("checkout-bench: \(warmUp) warm-up sales, then \(rounds) rounds of one sale and one floor")
var taps: [Double] = []
var floors: [Double] = []
var apduParts: [Double] = []
var cardParts: [Double] = []
var syncParts: [Double] = []
var floor: Floor?
var apdusPerTap = 0
for round in 0..<(warmUp + rounds) {
    _ = card.take()
    let body = #"{"saleId":"B-\#(round)","amount":\#(85_000 + round),"currency":"VND"}"#
    let start = ContinuousClock.now
    let (status, data) = try await post(port, "/v1/sales", body)
    let tap = ContinuousClock.now - start
    guard status == 200 else { throw BenchFailure("sale \(round): HTTP \(status) \(String(decoding: data, as: UTF8.self))") }
    let cardSide = card.take()
    apdusPerTap = cardSide.commands
    if floor == nil {
        // A journal transaction's bytes on the medium: its records, as the journal holds them.
        let journal = try Journal.open(path: folder + "/terminal.journal", options: JournalOptions(clock: SystemWallTime(), readOnly: true))
        let statistics = try journal.statistics()
        try journal.close()
        let records = Int(statistics.retainedRecords) / max(1, Int(statistics.lastSequence))
        floor = try Floor(connection: connection, folder: folder, entryBytes: records * statistics.geometry.recordSize)
        log("a sale is \(records) journal records of \(statistics.geometry.recordSize) bytes")
    }
    let apdus = try floor!.apduRoundTrips(cardSide.commands)
    let sync = floor!.durableWrite(at: round)
    if round >= warmUp {
        taps.append(micros(tap))
        apduParts.append(micros(apdus))
        cardParts.append(micros(cardSide.spent))
        syncParts.append(micros(sync))
        floors.append(micros(apdus) + micros(cardSide.spent) + micros(sync))
    }
    if (round + 1) % 100 == 0 { log("  \(round + 1) rounds") }
}
try? await connection.disconnect()

let result: [String: Double] = [
    "rounds": Double(rounds),
    "apdusPerTap": Double(apdusPerTap),
    "tapMedianMicroseconds": percentile(taps, 0.5),
    "tapP99Microseconds": percentile(taps, 0.99),
    "floorMedianMicroseconds": percentile(floors, 0.5),
    "floorP99Microseconds": percentile(floors, 0.99),
    "floorApduMedianMicroseconds": percentile(apduParts, 0.5),
    "floorCardProcessingMedianMicroseconds": percentile(cardParts, 0.5),
    "floorFdatasyncMedianMicroseconds": percentile(syncParts, 0.5),
    "tapP99OverFloorMedian": percentile(taps, 0.99) / percentile(floors, 0.5),
    "tapP99OverFloorP99": percentile(taps, 0.99) / percentile(floors, 0.99),
    "tapMedianOverFloorMedian": percentile(taps, 0.5) / percentile(floors, 0.5),
]
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
print(String(decoding: try encoder.encode(result), as: UTF8.self))
