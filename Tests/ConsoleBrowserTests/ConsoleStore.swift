import Foundation
import StoreProcesses
import TestSupport
import Testing

/// A back office holding a store scenario's data, served with its console: the quick store run
/// by `loyalty-sim store`, its back office started again on the database the run left, with a
/// console user of each role.
struct ConsoleStore {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let folder: String
    let office: BackOfficeProcess
    /// User name to password, one user a role: `store-admin` (admin), `sam` (support), `audrey` (auditor).
    let passwords: [String: String]

    /// The auditor's bearer token (the store's own auditor), for the JSON reports.
    var auditorToken: String {
        (try? String(contentsOfFile: folder + "/backoffice/auditor.token", encoding: .utf8))?.trimmingCharacters(
            in: .whitespacesAndNewlines)
            ?? ""
    }

    /// `--reader-port` from `LOYALTY_STORE_READER_PORT`, for a machine where another store holds
    /// the simulator's own ports.
    static var readerPort: [String] {
        ProcessInfo.processInfo.environment["LOYALTY_STORE_READER_PORT"].map { ["--reader-port", $0] } ?? []
    }

    /// Runs the quick store (alone: a dozen processes on two cores) and serves what it left.
    static func start() async throws -> ConsoleStore {
        let folder = NSTemporaryDirectory() + "console-store-" + UUID().uuidString
        let run = try await RealStack.exclusive {
            try await ProcessRunner.run(
                BuiltProducts.executable("loyalty-sim"),
                [
                    "store", "--scenario", root.appendingPathComponent("scenarios/quick-store.json").path, "--work-dir", folder,
                    "--time-limit", "600",
                ] + readerPort)
        }
        guard run.status == 0 else {
            throw BackOfficeProcessError(
                "the quick store failed (exit \(run.status)): \(run.standardOutput.suffix(3000))\(run.standardError.suffix(2000))")
        }
        let office = BackOfficeProcess(
            database: "sqlite:\(folder)/backoffice/backoffice.sqlite", logPath: folder + "/backoffice/console-serve.log",
            arguments: ["--card-check-seconds", "0"])
        var passwords = [
            "store-admin": try String(contentsOfFile: folder + "/backoffice/console.password", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        ]
        for (name, role) in [("sam", "support"), ("audrey", "auditor")] {
            let password = "pass-\(name)-\(UUID().uuidString.prefix(8))"
            let file = folder + "/\(name).password"
            FileManager.default.createFile(atPath: file, contents: Data(password.utf8), attributes: [.posixPermissions: 0o600])
            let added = try await office.command(["user", "add", name, "--role", role, "--password-file", file])
            guard added.status == 0 else { throw BackOfficeProcessError("user add \(name): \(added.standardError)") }
            passwords[name] = password
        }
        try await office.start()
        return ConsoleStore(folder: folder, office: office, passwords: passwords)
    }

    func stop() async {
        _ = try? await office.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
