import CardProfile
import Foundation
import StoreProcesses
import TestSupport

/// A real `loyalty-terminal run` (standalone, POS API on loopback) and a real
/// `loyalty-backoffice serve` (SQLite), both with short client bounds, for the tests of the
/// servers' limits.
final class LimitedServers: Sendable {
    /// The bound on a connection with no request under way, both servers (seconds).
    static let idleSeconds = 3
    /// The bound on a request's body after its head, both servers (seconds).
    static let requestSeconds = 1
    /// The back office's upload limit (bytes).
    static let batchBytes = 1024

    /// One server, as a raw client sees it.
    struct Target: Sendable, CustomStringConvertible {
        var name: String
        var port: Int
        /// A body above the server's limit, sent to an endpoint that reads bodies.
        var oversizedRequest: String
        var description: String { name }

        /// A request answered at once.
        var normalRequest: String { "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" }
    }

    let directory: String
    let terminal: TerminalRunProcess
    let terminalPort: Int
    let backOffice: BackOfficeProcess

    init(unixSocket: Bool = false) throws {
        directory = NSTemporaryDirectory() + "limits-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let issuer = Issuer.generateTestIssuer(programmeID: 0x4C4F_5931)
        try IssuerFile(issuer, includePrivateKey: false).save(directory + "/issuer.json")
        try TerminalCredentialFile(issuer.enrolTerminal(id: 9), test: true).save(directory + "/credential.json")
        terminalPort = Int.random(in: 30_000..<40_000)
        let listen = unixSocket ? #""unixSocket": "\#(directory)/pos.sock""# : #""host": "127.0.0.1", "port": \#(terminalPort)"#
        let configuration = """
            {
              "reader": "No Such Reader 0",
              "journal": { "path": "\(directory)/terminal.journal", "size": "1M" },
              "trust": { "issuerFile": "\(directory)/issuer.json", "programmeID": \(issuer.programmeID), "acceptTestCards": true },
              "terminalCredentialFile": "\(directory)/credential.json",
              "standalone": true,
              "posAPI": { \(listen), "idleTimeoutSeconds": \(Self.idleSeconds), "requestTimeoutSeconds": \(Self.requestSeconds) },
              "logLevel": "notice"
            }
            """
        try configuration.write(toFile: directory + "/terminal.json", atomically: true, encoding: .utf8)
        terminal = TerminalRunProcess(configurationPath: directory + "/terminal.json", logPath: directory + "/terminal.log")
        backOffice = BackOfficeProcess(
            database: "sqlite:\(directory)/backoffice.sqlite", logPath: directory + "/backoffice.log",
            arguments: [
                "--idle-timeout-seconds", String(Self.idleSeconds), "--request-timeout-seconds", String(Self.requestSeconds),
                "--maximum-batch-bytes", String(Self.batchBytes), "--card-check-seconds", "0",
                // The bounds are HTTP's, under TLS as without: plain here, so the test's clients
                // can drip a request head byte by byte.
                "--unsafe-plain-http",
            ])
    }

    var socketPath: String { directory + "/pos.sock" }

    /// The two servers as targets (once started).
    var targets: [Target] {
        [
            Target(
                name: "POS API", port: terminalPort,
                oversizedRequest:
                    "POST /v1/sales HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 20000\r\n\r\n"
                    + String(repeating: " ", count: 20_000)),
            Target(
                name: "back office", port: backOffice.port,
                oversizedRequest:
                    "POST /v1/journal/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/vnd.loyalty.journal-batch\r\nContent-Length: 4096\r\n\r\n"
                    + String(repeating: "x", count: 4096)),
        ]
    }

    /// Starts both, runs `body`, stops both and removes the folder.
    static func with(unixSocket: Bool = false, _ body: (LimitedServers) async throws -> Void) async throws {
        // The terminal watches pcscd (for a reader no test uses): it must be up.
        try await PCSCDaemon.ensureRunning()
        let servers = try LimitedServers(unixSocket: unixSocket)
        defer { try? FileManager.default.removeItem(atPath: servers.directory) }
        do {
            try await servers.terminal.start()
            try await servers.backOffice.start()
            try await body(servers)
        } catch {
            _ = try? await servers.terminal.stop()
            _ = try? await servers.backOffice.stop()
            throw error
        }
        _ = try await servers.terminal.stop()
        _ = try await servers.backOffice.stop()
    }
}
