import AsyncHTTPClient
import CardProfile
import Foundation
import Logging
import LoyaltyJournal
import NIOCore
import StoreProcesses
import TestSupport
import Timekeeping
import VirtualCard

/// A `loyalty-terminal run` process on the second virtual reader, with a TEST issuer, a
/// member card the test puts on and takes off, and an HTTP client for its POS API.
final class TerminalHarness: @unchecked Sendable {
    static let reader = PCSCDaemon.secondVirtualReader
    static let cardPort: UInt16 = VirtualCardHost.defaultPort + 1

    let directory: String
    let port: Int
    let issuer: Issuer
    let terminalID: UInt32
    let card: MemberCardApplication
    let host: VirtualCardHost
    let process: TerminalRunProcess
    /// The size of the journal the terminal creates at its first start.
    var journalSize = "1M"

    /// A terminal with its own TEST issuer and member card, or, given `till`, another till of the
    /// same shop: `till`'s issuer, reader and card, its own id, journal and POS port.
    init(terminalID: UInt32 = 7, sameShopAs till: TerminalHarness? = nil) throws {
        directory = NSTemporaryDirectory() + "terminal-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = Int.random(in: 20_000..<30_000)
        issuer = till?.issuer ?? Issuer.generateTestIssuer(programmeID: 0x4C4F_5931)
        self.terminalID = terminalID
        try IssuerFile(issuer, includePrivateKey: false).save(directory + "/issuer.json")
        // With an enrolment key: the terminal may enrol members on blank cards (numbers 1...1000).
        let terms = EnrolmentCertificate.Terms(
            terminalID: terminalID, highestEnrolment: 1000, firstDay: try CalendarDate(year: 2025, month: 1, day: 1),
            lastDay: try CalendarDate(year: 2035, month: 12, day: 31))
        try TerminalCredentialFile(issuer.enrolTerminal(id: terminalID, enrolment: terms), test: true).save(directory + "/credential.json")
        let member = Issuer.Member(
            memberID: "M-E2E-1", issued: try CalendarDate(year: 2025, month: 1, day: 15),
            expires: try CalendarDate(year: 2030, month: 12, day: 31), birthdayMonth: 6, birthdayDay: 30)
        if let till {
            card = till.card
            host = till.host
        } else {
            try CardImageFile(path: directory + "/card.img").write(issuer.personalise(member, uid: [0x08, 0x55, 0x66, 0x77]))
            card = try MemberCardApplication(imagePath: directory + "/card.img")
            host = VirtualCardHost(application: card, port: Self.cardPort, logger: Logger(label: "test.e2e.card"))
        }
        process = TerminalRunProcess(configurationPath: directory + "/terminal.json", logPath: directory + "/terminal.log")
        try writeConfiguration()
    }

    /// Writes the terminal's configuration; with a back office, the sync service runs too.
    func writeConfiguration(backOfficeURL: String? = nil) throws {
        let backOffice =
            backOfficeURL.map {
                #""backOffice": { "url": "\#($0)", "timeoutSeconds": 5, "documentIntervalSeconds": 1, "statusIntervalSeconds": 1, "lookupBudgetMilliseconds": \#(lookupBudgetMilliseconds) },"#
            } ?? ""
        let configuration = """
            {
              "reader": "\(Self.reader)",
              "journal": { "path": "\(journalPath)", "size": "\(journalSize)" },
              "programme": "embedded-demo",
              "trust": { "issuerFile": "\(directory)/issuer.json", "programmeID": \(issuer.programmeID), "acceptTestCards": true },
              "terminalCredentialFile": "\(directory)/credential.json",
              \(backOffice)
              "posAPI": { "host": "127.0.0.1", "port": \(port) },
              "tap": { "defaultWaitSeconds": 10 },
              "logLevel": "info"
            }
            """
        try configuration.write(toFile: configurationPath, atomically: true, encoding: .utf8)
    }

    /// How long a tap waits for the back office's word: 1.5 s, not the product's 300 ms, so that a
    /// back office merely slowed by a loaded test machine still answers; a stopped one does not.
    var lookupBudgetMilliseconds = 1_500

    var journalPath: String { directory + "/terminal.journal" }
    var configurationPath: String { directory + "/terminal.json" }

    /// Starts the terminal and waits for its "serving" line.
    func start() async throws {
        try await process.start()
    }

    /// Sends `signal` and waits for the process to end; its exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) async throws -> Int32 {
        try await process.stop(signal: signal)
    }

    var log: String { process.log }

    // MARK: HTTP

    struct Reply: Sendable {
        var status: Int
        var body: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
        var data: Data
    }

    func post(_ path: String, _ json: String, contentType: String = "application/json") async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(string: json))
        return try await send(request)
    }

    func get(_ path: String) async throws -> Reply {
        try await send(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"))
    }

    private func send(_ request: HTTPClientRequest) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: Int(response.status.code), data: Data(body.readableBytesView))
    }

    // MARK: Card and journal

    /// Puts the card on the reader once the reader is empty.
    func insertCard() async throws {
        try await PCSCDaemon.waitForEmptyReader(Self.reader)
        host.insert()
    }

    /// Waits until the card host was pulled (by `pullDuringCommand`).
    func waitUntilPulled() async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while host.isInserted {
            guard ContinuousClock.now < deadline else { throw HarnessError("the card was not pulled") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The kinds of the checkout entries in the journal, read-only, in order.
    func journalKinds() throws -> [String] {
        try journalEntries().map { $0["kind"] as? String ?? "?" }
    }

    /// The checkout entries in the journal as JSON objects, read-only, in order.
    func journalEntries() throws -> [[String: Any]] {
        let journal = try Journal.open(path: journalPath, options: JournalOptions(clock: SystemWallTime(), readOnly: true))
        defer { try? journal.close() }
        var cursor = try journal.transactions(from: try journal.statistics().oldestSequence)
        var entries: [[String: Any]] = []
        while let transaction = try cursor.next() {
            entries.append(try JSONSerialization.jsonObject(with: Data(transaction.payload)) as? [String: Any] ?? [:])
        }
        return entries
    }

    /// The programme (`id vN`) each sale of the journal names, by sale id.
    func pricedBy() throws -> [String: String] {
        var named: [String: String] = [:]
        for entry in try journalEntries() where entry["kind"] as? String == "sale" {
            let programme = entry["programme"] as? [String: Any]
            named[entry["requestId"] as? String ?? "?"] =
                programme.map { "\($0["id"] as? String ?? "?") v\($0["version"] as? Int ?? -1)" } ?? "none"
        }
        return named
    }

    func cardBalance() throws -> Int64? {
        try card.file.read().envelope.map { try StateEnvelope(encoded: $0).state.balance }
    }

    func cleanUp() async {
        host.remove()
        _ = try? await stop(signal: SIGKILL)
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
