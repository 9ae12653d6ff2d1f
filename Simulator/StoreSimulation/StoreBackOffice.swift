import CardProfile
import Foundation
import StoreProcesses
import Timekeeping

/// The store's back office: a real `loyalty-backoffice serve` process on SQLite in the work
/// folder (or a PostgreSQL database), the terminals enrolled, an auditor for the pulls.
public struct StoreBackOffice: Sendable {
    let process: BackOfficeProcess
    let folder: String

    /// Prepares the database (terminals enrolled in `store`, an auditor added), a document key the
    /// issuer certified (valid from `now` on the store's clock for `days`), and starts the server.
    static func start(
        folder: String, process: BackOfficeProcess, terminals: [StoreTerminal], issuer: Issuer, store: String,
        now: any WallTime = SystemWallTime(), days: Int64 = 365
    ) async throws -> StoreBackOffice {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let office = StoreBackOffice(process: process, folder: folder)
        try DocumentKeyFile.certified(
            keyId: "store-documents", generation: 1, by: issuer, now: Int64(now.millisecondsSinceEpoch()), days: days
        ).save(office.documentKeyPath)
        for terminal in terminals {
            try await office.command([
                "terminal", "enrol", "--credential-file", terminal.credentialPath, "--issuer-file", terminal.folder + "/issuer.json",
                "--label", "simulated till \(terminal.index + 1)", "--store", store,
            ])
        }
        try? FileManager.default.removeItem(atPath: office.tokenPath)
        try await office.command(["user", "add", "store-auditor", "--role", "auditor", "--token-file", office.tokenPath])
        try office.writeConsolePassword()
        try await office.command(["user", "add", Self.consoleUser, "--role", "admin", "--password-file", office.consolePasswordPath])
        try await process.start()
        return office
    }

    var tokenPath: String { folder + "/auditor.token" }

    /// The console's admin of a simulated store (`/console`), whose password is in
    /// ``consolePasswordPath``.
    public static let consoleUser = "store-admin"
    var consolePasswordPath: String { Self.consolePasswordPath(folder: folder) }
    public static func consolePasswordPath(folder: String) -> String { folder + "/console.password" }

    /// A fresh random password for the console's admin, in a file only its owner reads.
    private func writeConsolePassword() throws {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let password = String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
        try? FileManager.default.removeItem(atPath: consolePasswordPath)
        guard
            FileManager.default.createFile(
                atPath: consolePasswordPath, contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw BackOfficeProcessError("cannot write \(consolePasswordPath)") }
    }
    /// The document key every publication is signed with.
    var documentKeyPath: String { Self.documentKeyPath(folder: folder) }

    /// The document key of the back office kept in `folder`.
    static func documentKeyPath(folder: String) -> String { folder + "/document-key.json" }

    /// The `serve` arguments of a back office that settles replaced cards and purchases without
    /// the card by itself every `seconds` (signing with its document key in `folder`).
    static func settlingArguments(folder: String, seconds: Int) -> [String] {
        ["--document-key", documentKeyPath(folder: folder), "--settle-interval", String(seconds)]
    }

    /// Runs a `loyalty-backoffice` command on the store's database; fails with its output.
    @discardableResult
    func command(_ arguments: [String]) async throws -> String {
        let result = try await process.command(arguments)
        guard result.status == 0 else {
            throw StoreError(
                "loyalty-backoffice \(arguments.prefix(2).joined(separator: " ")) failed (\(result.status)): \(result.standardError)")
        }
        return result.standardOutput
    }

    /// A crash: the server is killed and started again on the same port and database.
    func restart() async throws {
        try await process.stop(signal: SIGKILL)
        try await process.start()
    }

    /// Publishes the block list: these members' cards are refused from terminals' next download.
    func block(members: [String]) async throws {
        let path = folder + "/blocked.txt"
        try members.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try await command(["publish", "block-list", "--file", path, "--document-key", documentKeyPath])
    }

    /// Members whose card the back office's card check (`loyalty-backoffice report cards`)
    /// reports, with how: `copied-or-rolled-back`, or `unsettled` when one branch's card write is
    /// not confirmed yet (a power cut lost the terminal's unjournaled confirmations, and the
    /// card has not been back to that terminal since): flagged for review either way.
    func flaggedCards() async throws -> [String: String] {
        let output = try await command(["report", "cards", "--format", "json"])
        guard let report = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else {
            throw StoreError("loyalty-backoffice report cards printed no JSON report")
        }
        let anomalies = report["anomalies"] as? [[String: Any]] ?? []
        var flagged: [String: String] = [:]
        for anomaly in anomalies {
            guard let member = anomaly["member"] as? String, let kind = anomaly["kind"] as? String else { continue }
            if flagged[member] != "copied-or-rolled-back" { flagged[member] = kind }
        }
        return flagged
    }

    /// Everything stored, pulled over HTTPS with the auditor's token as a user would (NDJSON),
    /// trusting the back office's own authority.
    func pullAll() async throws -> [PulledTransaction] {
        let path = folder + "/pulled.ndjson"
        try? FileManager.default.removeItem(atPath: path)
        let result = try await process.command([
            "pull", "--url", process.url, "--token-file", tokenPath, "--format", "ndjson", "--output", path, "--page-size", "10000",
        ])
        guard result.status == 0 else { throw StoreError("loyalty-backoffice pull failed (\(result.status)): \(result.standardError)") }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { try PulledTransaction(line: String($0)) }
    }
}

/// One transaction as `loyalty-backoffice pull --format ndjson` writes it: its place, and the
/// payload exactly as stored (the `entry` member is the payload's own bytes).
struct PulledTransaction: Sendable {
    let terminal: UInt32
    let sequence: UInt64
    let payload: [UInt8]

    init(line: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let terminal = object["terminal"] as? Int, let sequence = object["sequence"] as? Int
        else { throw StoreError("a pulled line is not a transaction: \(line.prefix(200))") }
        self.terminal = UInt32(terminal)
        self.sequence = UInt64(sequence)
        if let range = line.range(of: #","entry":"#) {
            payload = Array(line[range.upperBound...].dropLast().utf8)
        } else if let base64 = object["payloadBase64"] as? String, let bytes = Data(base64Encoded: base64) {
            payload = Array(bytes)
        } else {
            throw StoreError("a pulled line has no payload: \(line.prefix(200))")
        }
    }
}
