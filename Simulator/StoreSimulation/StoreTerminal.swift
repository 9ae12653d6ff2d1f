import AsyncHTTPClient
import CardProfile
import Foundation
import Logging
import NIOCore
import StoreProcesses
import VirtualCard

/// One terminal of the store: a real `loyalty-terminal run` process with its own journal,
/// credential and configuration in its folder, its own `pcscd` and virtual reader (the card in
/// front of it is an ``ExchangeableCard``), and the network between it and the back office (a
/// proxy that an outage cuts).
final class StoreTerminal: Sendable {
    let index: Int
    let id: UInt32
    let folder: String
    let pcscd: TerminalPCSCDaemon
    let posPort: Int
    let card = ExchangeableCard()
    let host: VirtualCardHost
    let network: FaultProxy
    let process: TerminalRunProcess
    /// Added to the process's environment (a simulated store's shared clock).
    let environment: [String: String]

    init(
        index: Int, folder: String, issuer: Issuer, journalSize: Int, firstReaderPort: UInt16, backOffice: BackOfficeProcess,
        environment: [String: String] = [:], logger: Logger
    ) throws {
        self.index = index
        self.environment = environment
        id = UInt32(101 + index)
        self.folder = folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        pcscd = TerminalPCSCDaemon(folder: folder + "/pcscd", index: index, firstPort: firstReaderPort)
        posPort = try FreePort.find()
        host = VirtualCardHost(application: card, port: pcscd.port, logger: logger)
        // The bytes pass through as they are: the terminal talks HTTPS to its back office.
        network = try FaultProxy(upstreamPort: { backOffice.port }, faults: .init(), seed: UInt64(index), mode: .tunnel(scheme: "https"))
        process = TerminalRunProcess(configurationPath: folder + "/terminal.json", logPath: folder + "/terminal.log")
        try IssuerFile(issuer, includePrivateKey: false).save(folder + "/issuer.json")
        self.journalSize = journalSize
        programmeID = issuer.programmeID
        // Every till may enrol members on blank cards (numbers 1 ... 100,000).
        let terms = EnrolmentCertificate.Terms(
            terminalID: id, highestEnrolment: 100_000, firstDay: try CalendarDate(year: 2000, month: 1, day: 1),
            lastDay: try CalendarDate(year: 2099, month: 12, day: 31))
        try TerminalCredentialFile(issuer.enrolTerminal(id: id, enrolment: terms), test: true).save(credentialPath)
        try configure(programme: #""embedded-demo""#)
    }

    private let journalSize: Int
    private let programmeID: UInt32

    /// Writes the terminal's configuration with `programme` as its programme section (the
    /// embedded demo, or a signed file and the keys trusted to sign it).
    func configure(programme: String) throws {
        let configuration = """
            {
              "reader": "\(pcscd.reader)",
              "journal": { "path": "\(journalPath)", "size": \(journalSize) },
              "programme": \(programme),
              "trust": { "issuerFile": "\(folder)/issuer.json", "programmeID": \(programmeID), "acceptTestCards": true },
              "terminalCredentialFile": "\(credentialPath)",
              "backOffice": { "url": "\(network.url)", "timeoutSeconds": 5, "documentIntervalSeconds": 1 },
              "posAPI": { "host": "127.0.0.1", "port": \(posPort) },
              "tap": { "defaultWaitSeconds": 10 },
              "logLevel": "notice"
            }
            """
        try configuration.write(toFile: configurationPath, atomically: true, encoding: .utf8)
    }

    var journalPath: String { folder + "/terminal.journal" }
    var credentialPath: String { folder + "/credential.json" }
    var configurationPath: String { folder + "/terminal.json" }
    var logPath: String { folder + "/terminal.log" }
    var name: String { "terminal \(id)" }

    /// Starts the process (its clock `clockOffsetSeconds` off) and waits until its POS API serves.
    func start(clockOffsetSeconds: Int64 = 0) async throws {
        // One argument with `=`: a negative offset would read as an option of its own.
        try await process.start(
            arguments: clockOffsetSeconds != 0 ? ["--simulated-clock-offset-seconds=\(clockOffsetSeconds)"] : [],
            environment: pcscd.environment.merging(environment) { $1 })
    }

    /// Sends `signal` (SIGTERM: a graceful stop; SIGKILL: a power cut) and waits for the end (a
    /// tap under way finishes first: at most the longest wait and the card write).
    @discardableResult
    func stop(signal: Int32 = SIGTERM) async throws -> Int32 {
        try await process.stop(signal: signal, timeout: .seconds(150))
    }

    var isRunning: Bool { process.isRunning }

    // MARK: HTTP

    struct Reply: Sendable {
        var status: Int
        var data: Data
        var body: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
    }

    func post(_ path: String, _ json: String, timeout: Duration = .seconds(40)) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(posPort)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        return try await send(request, timeout: timeout)
    }

    func get(_ path: String, timeout: Duration = .seconds(10)) async throws -> Reply {
        try await send(HTTPClientRequest(url: "http://127.0.0.1:\(posPort)\(path)"), timeout: timeout)
    }

    private func send(_ request: HTTPClientRequest, timeout: Duration) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout / .milliseconds(1))))
        let body = try await response.body.collect(upTo: 4 << 20)
        return Reply(status: Int(response.status.code), data: Data(body.readableBytesView))
    }

    /// Records waiting for sync, from `GET /health`.
    func waitingRecords() async -> Int? {
        await health()?.waitingRecords
    }

    /// What the sampler reads of `GET /health` (nil: no answer within 3 s).
    func health() async -> HealthSample? {
        guard let body = (try? await get("/health", timeout: .seconds(3)))?.body,
            let waiting = body["journalWaitingRecords"] as? Int, let blocked = body["blockedMembers"] as? Int
        else { return nil }
        return HealthSample(
            waitingRecords: waiting, blockedMembers: blocked, lastSequence: UInt64(max(0, body["journalLastSequence"] as? Int ?? 0)))
    }

    /// Whether an outage cuts the terminal off from the back office now.
    var isCutOff: Bool { network.faults.dropRequest >= 1 }

    /// The whole document of `kind` the terminal holds (its kept `documents/<kind>.json`), not
    /// verified: what the terminal applied last.
    func heldDocument(_ kind: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: "\(folder)/documents/\(kind).json") else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    struct HealthSample {
        /// Records waiting for sync.
        var waitingRecords: Int
        /// Members the block list in force refuses.
        var blockedMembers: Int
        /// The journal's last transaction.
        var lastSequence: UInt64 = 0

        /// Whether the back office surely holds transaction `sequence`: the records waiting
        /// are at least as many as the transactions waiting (a transaction takes one record or
        /// more), so every transaction up to `lastSequence` less them is acknowledged.
        func surelySynced(_ sequence: UInt64) -> Bool {
            lastSequence >= UInt64(max(0, waitingRecords)) && lastSequence - UInt64(max(0, waitingRecords)) >= sequence
        }
    }
}

/// A free TCP port on the loopback interface (bound, then released for the process to take).
enum FreePort {
    /// Whether nothing listens on `port` (on any interface, as vpcd listens).
    static func isFree(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = INADDR_ANY
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StoreError("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw StoreError("bind: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why the store could not run as the scenario says (not an invariant failure: those are in
/// the report).
struct StoreError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
