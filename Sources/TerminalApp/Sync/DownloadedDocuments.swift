import Checkout
import Foundation
import Logging

/// The documents the sync service downloads from the back office, kept next to the journal
/// (`documents/<kind>.json` and `documents/<kind>.version`) so a restart knows which versions it
/// has, and applied where the terminal can: the block list at once (with the configured one);
/// the programme, revoked terminals and bonuses are kept for the operator and the next start.
struct DownloadedDocuments: Sendable {
    let folder: String
    let configuredBlockList: Set<String>
    let checkout: CheckoutService
    let logger: Logger

    init(journalPath: String, configuredBlockList: Set<String>, checkout: CheckoutService, logger: Logger) {
        folder = URL(fileURLWithPath: journalPath).deletingLastPathComponent().appendingPathComponent("documents").path
        self.configuredBlockList = configuredBlockList
        self.checkout = checkout
        self.logger = logger
    }

    /// The versions kept, by kind.
    func versions() -> [String: Int64] {
        var versions: [String: Int64] = [:]
        for kind in ["programme", "block-list", "revoked-terminals", "bonuses"] {
            if let text = try? String(contentsOfFile: "\(folder)/\(kind).version", encoding: .utf8),
               let version = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                versions[kind] = version
            }
        }
        return versions
    }

    /// Applies what was kept before the restart.
    func applyKept() {
        if let body = FileManager.default.contents(atPath: "\(folder)/block-list.json") { _ = applyBlockList(Array(body)) }
    }

    /// Takes a downloaded document: false (asked again later) when it cannot be read or kept.
    func take(kind: String, version: Int64, body: [UInt8]) -> Bool {
        if kind == "block-list", !applyBlockList(body) { return false }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(body).write(to: URL(fileURLWithPath: "\(folder)/\(kind).json"), options: .atomic)
            try Data(String(version).utf8).write(to: URL(fileURLWithPath: "\(folder)/\(kind).version"), options: .atomic)
        } catch {
            logger.error("downloaded \(kind) version \(version) could not be kept: \(error)")
            return false
        }
        if kind != "block-list" {
            logger.notice("\(kind) version \(version) kept in \(folder); it is not applied while the terminal runs")
        }
        return true
    }

    private func applyBlockList(_ body: [UInt8]) -> Bool {
        struct BlockList: Decodable { var blocked: [String] }
        guard let list = try? JSONDecoder().decode(BlockList.self, from: Data(body)) else {
            logger.error("the downloaded block list is not {\"blocked\": [member ids]}: ignored")
            return false
        }
        checkout.updateBlockedMembers(configuredBlockList.union(list.blocked))
        return true
    }
}
