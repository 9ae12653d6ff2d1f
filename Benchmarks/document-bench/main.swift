import AsyncHTTPClient
import CardProfile
import Foundation
import NIOCore
import StoreProcesses
import SyncProtocol

// document-bench: what a terminal moves and spends to hear of one more blocked card, with a
// block list of 100,000 cards. A real `loyalty-backoffice serve` (SQLite), the list published
// with `loyalty-backoffice publish block-list`, a terminal current with it; one member added and
// published; the terminal's signed `GET /v1/documents/block-list?after=N`: the bytes of the
// answer (status line, headers, body) and the time to fetch, verify and apply the delta, against
// fetching, verifying and applying the whole signed snapshot in the same run. Medians of --rounds.
//
//   swift build -c release --product loyalty-backoffice && swift build -c release --product document-bench
//   .build/release/document-bench [--members 100000] [--rounds 7]

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int { arguments.firstIndex(of: name).flatMap { Int(arguments[$0 + 1]) } ?? fallback }
let members = option("--members", 100_000)
let rounds = option("--rounds", 7)

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let folder = NSTemporaryDirectory() + "document-bench-" + UUID().uuidString
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }
let issuer = Issuer.generateTestIssuer(programmeID: 0x4C4F_5931)
try IssuerFile(issuer, includePrivateKey: false).save(folder + "/issuer.json")
let credential = issuer.enrolTerminal(id: 1)
try TerminalCredentialFile(credential, test: true).save(folder + "/terminal.json")
try DocumentKeyFile.certified(keyId: "bench-documents", generation: 1, by: issuer).save(folder + "/document-key.json")
let trust = DocumentTrust(issuerKey: issuer.publicKey, programmeID: issuer.programmeID)

let server = BackOfficeProcess(
    database: "sqlite:\(folder)/backoffice.sqlite", logPath: folder + "/backoffice.log", arguments: ["--log-level", "error"])
let enrolled = try await server.command([
    "terminal", "enrol", "--credential-file", folder + "/terminal.json", "--issuer-file", folder + "/issuer.json",
])
guard enrolled.status == 0 else { throw BenchFailure("enrol: \(enrolled.standardError)") }
try await server.start()
defer { Task { _ = try? await server.stop() } }

/// Publishes the block list of `count` members and `extra` more.
func publish(_ list: [String]) async throws {
    try list.joined(separator: "\n").write(toFile: folder + "/blocked.txt", atomically: true, encoding: .utf8)
    let result = try await server.command([
        "publish", "block-list", "--file", folder + "/blocked.txt", "--document-key", folder + "/document-key.json",
    ])
    guard result.status == 0 else { throw BenchFailure("publish: \(result.standardError)") }
}

/// One signed download: the answer's bytes on the wire (status line, headers, body) and the body.
func download(after version: Int64) async throws -> (wire: Int, body: [UInt8]) {
    let path = "/v1/documents/block-list?after=\(version)"
    let signed = SignedRequest(
        method: "GET", path: path, terminal: 1, time: Int64(Date().timeIntervalSince1970 * 1000), nonce: SignedRequest.newNonce(),
        body: [UInt8]())
    var request = HTTPClientRequest(url: server.url + path)
    for header in signed.headers(signedWith: credential.privateKey) { request.headers.add(name: header.name, value: header.value) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    let body = Array(try await response.body.collect(upTo: 64 << 20).readableBytesView)
    guard response.status.code == 200 else { throw BenchFailure("download after \(version): HTTP \(response.status.code)") }
    let statusLine = "HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n".utf8.count
    let headers = response.headers.reduce(0) { $0 + $1.name.utf8.count + 2 + $1.value.utf8.count + 2 } + 2
    return (statusLine + headers + body.count, body)
}

/// Fetches after `held`'s version, verifies and applies every version in the answer.
func update(from held: HeldDocument?) async throws -> (held: HeldDocument, wire: Int, seconds: Double) {
    let clock = ContinuousClock()
    var result: HeldDocument? = held
    var wire = 0
    let elapsed = try await clock.measure {
        let (bytes, body) = try await download(after: held?.version ?? 0)
        wire = bytes
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for document in try DocumentUpdate.decode(body).documents {
            result = try DocumentAcceptance.accept(document, kind: .blockList, held: result, trust: trust, now: now)
        }
        _ = try BlockListDocument.decode(result!.state).blocked.count  // what the checkout is given
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (result!, wire, seconds)
}

var list = (1...members).map { String(format: "M-%07d", $0) }
log("publishing a block list of \(members) members")
try await publish(list)
var (held, _, _) = try await update(from: nil)
var deltaBytes: [Double] = []
var deltaSeconds: [Double] = []
var snapshotBytes: [Double] = []
var snapshotSeconds: [Double] = []
for round in 1...rounds {
    list.append(String(format: "N-%07d", round))
    try await publish(list)
    let delta = try await update(from: held)
    guard delta.held.version == held.version + 1 else { throw BenchFailure("the delta did not bring the next version") }
    held = delta.held
    let whole = try await update(from: nil)
    guard whole.held.state == held.state else { throw BenchFailure("the snapshot and the deltas disagree") }
    deltaBytes.append(Double(delta.wire))
    deltaSeconds.append(delta.seconds)
    snapshotBytes.append(Double(whole.wire))
    snapshotSeconds.append(whole.seconds)
    log(
        "  round \(round): delta \(delta.wire) bytes in \(String(format: "%.2f", delta.seconds * 1000)) ms; snapshot \(whole.wire) bytes in \(String(format: "%.2f", whole.seconds * 1000)) ms"
    )
}
let result: [String: Any] = [
    "benchmark": "document-bench", "members": members, "rounds": rounds,
    "deltaWireBytes": median(deltaBytes), "deltaMilliseconds": median(deltaSeconds) * 1000,
    "snapshotWireBytes": median(snapshotBytes), "snapshotMilliseconds": median(snapshotSeconds) * 1000,
    "bytesRatio": median(deltaBytes) / median(snapshotBytes), "timeRatio": median(deltaSeconds) / median(snapshotSeconds),
    "underOneKB": median(deltaBytes) < 1024,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
_ = try await server.stop()
