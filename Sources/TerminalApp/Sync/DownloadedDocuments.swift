import Checkout
import Foundation
import Logging
import PointsEngine
import SyncProtocol
import Synchronization

/// The documents the sync service downloads from the back office, applied at once and kept next
/// to the journal (`documents/<kind>.json` and `documents/<kind>.version`) so a restart applies
/// them again and knows which versions it has:
/// - `block-list`: refused members, together with the configured `trust.blockListFile`;
/// - `revoked-terminals`: card states signed by these terminals are refused;
/// - `bonuses`: event grants paid at each member's next tap;
/// - `programme`: a signed programme, used only when a trusted key signed it and it is a newer
///   version of the same programme (``ProgrammeStore``); otherwise the programme in force stays.
final class DownloadedDocuments: Sendable {
    let folder: String
    let configuredBlockList: Set<String>
    let terminalID: UInt32
    let checkout: CheckoutService
    let logger: Logger
    private let trustedKeys: TrustedKeys
    private let programmes: Mutex<ProgrammeStore>

    init(
        journalPath: String, resources: TerminalResources, checkout: CheckoutService, logger: Logger
    ) throws {
        folder = Self.folder(journalPath: journalPath)
        configuredBlockList = resources.policy.blockedMembers
        terminalID = resources.credential.terminalID
        self.checkout = checkout
        self.logger = logger
        trustedKeys = resources.programmeKeys
        programmes = Mutex(try ProgrammeStore(verified: resources.programmeEnvelope, trustedKeys: resources.programmeKeys))
    }

    /// Where the documents of the terminal whose journal is `journalPath` are kept.
    static func folder(journalPath: String) -> String {
        URL(fileURLWithPath: journalPath).deletingLastPathComponent().appendingPathComponent("documents").path
    }

    /// The versions kept in `folder`, by kind: the newest downloaded, whether applied or refused.
    static func keptVersions(in folder: String) -> [DocumentKind: Int64] {
        var versions: [DocumentKind: Int64] = [:]
        for kind in DocumentKind.allCases {
            if let text = try? String(contentsOfFile: path(kind, "version", in: folder), encoding: .utf8),
                let version = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                versions[kind] = version
            }
        }
        return versions
    }

    /// The body of `kind` kept in `folder`: the last one applied, if any.
    static func keptBody(_ kind: DocumentKind, in folder: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(kind, "json", in: folder)).map(Array.init)
    }

    /// The versions kept, by kind.
    func versions() -> [String: Int64] {
        Dictionary(uniqueKeysWithValues: Self.keptVersions(in: folder).map { ($0.key.rawValue, $0.value) })
    }

    /// Applies what was kept before the restart (a kept programme only if it is still newer than
    /// the configured one).
    func applyKept() {
        for kind in DocumentKind.allCases {
            guard let body = Self.keptBody(kind, in: folder) else { continue }
            if case .refused(let why) = apply(kind, body: body) {
                logger.warning("kept \(kind.rawValue) not applied: \(why)")
            }
        }
    }

    /// Takes a downloaded document: false (asked again later) when it cannot be kept. A document
    /// that is kept but refused (a programme that is older, or not signed by a trusted key) is
    /// not asked again; the refusal is logged.
    func take(kind name: String, version: Int64, body: [UInt8]) -> Bool {
        guard let kind = DocumentKind(rawValue: name) else {
            logger.warning("unknown document kind \(name) ignored")
            return true
        }
        let outcome = apply(kind, body: body)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if case .applied = outcome {
                try Data(body).write(to: URL(fileURLWithPath: path(kind, "json")), options: .atomic)
            }
            try Data(String(version).utf8).write(to: URL(fileURLWithPath: path(kind, "version")), options: .atomic)
        } catch {
            logger.error("downloaded \(name) version \(version) could not be kept: \(error)")
            return false
        }
        switch outcome {
        case .applied(let what): logger.notice("\(name) version \(version) applied: \(what)")
        case .refused(let why): logger.error("\(name) version \(version) refused: \(why); what was in force stays")
        }
        return true
    }

    enum Outcome {
        case applied(String)
        case refused(String)
    }

    private func apply(_ kind: DocumentKind, body: [UInt8]) -> Outcome {
        do throws(PublishedDocumentError) {
            switch kind {
            case .blockList:
                let list = try BlockListDocument.decode(body)
                checkout.updateBlockedMembers(configuredBlockList.union(list.blocked))
                return .applied("\(list.blocked.count) members blocked")
            case .revokedTerminals:
                let list = try RevokedTerminalsDocument.decode(body)
                checkout.updateRevokedTerminals(Set(list.revoked))
                if list.revoked.contains(terminalID) {
                    logger.critical("this terminal (\(terminalID)) is revoked: the back office refuses its uploads")
                }
                return .applied("\(list.revoked.count) terminals revoked")
            case .bonuses:
                let document = try BonusGrantsDocument.decode(body)
                checkout.updateGrants(
                    document.byMember.mapValues { grants in
                        grants.map { EventGrant(sequence: $0.sequence, kind: $0.kind) }
                    })
                return .applied("\(document.grants.count) grants for \(document.byMember.count) members")
            case .programme:
                return applyProgramme(body)
            }
        } catch {
            return .refused("\(error)")
        }
    }

    private func applyProgramme(_ body: [UInt8]) -> Outcome {
        let (next, outcome) = programmes.withLock { $0 }.offer(envelope: body, trustedKeys: trustedKeys)
        guard case .accepted = outcome, let programme = next.current else {
            if case .refused(let why) = outcome { return .refused("\(why)") }
            return .refused("no programme")
        }
        let engine: PointsEngine
        do {
            engine = try PointsEngine(programme: programme)
        } catch {
            return .refused("programme \(programme.programmeId) version \(programme.version) cannot be used: \(error)")
        }
        programmes.withLock { $0 = next }
        checkout.updateProgramme(engine)
        return .applied("programme \(programme.programmeId) version \(programme.version) in force")
    }

    private func path(_ kind: DocumentKind, _ suffix: String) -> String { Self.path(kind, suffix, in: folder) }

    private static func path(_ kind: DocumentKind, _ suffix: String, in folder: String) -> String {
        "\(folder)/\(kind.rawValue).\(suffix)"
    }
}
