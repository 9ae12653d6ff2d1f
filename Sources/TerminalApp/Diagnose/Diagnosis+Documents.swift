import Foundation
import SyncProtocol

extension Diagnosis {
    /// What the back office published and the terminal keeps next to its journal
    /// (``DocumentFolder``): fails when this terminal is on the revoked list, warns when a kept
    /// document cannot be read or when the terminal refused a document (forged, replayed, signed
    /// under a revoked key), naming the reason kept in `documents/refusals.json`. The signatures
    /// are checked by the running terminal, at its start and at every download.
    static func documents(journalPath: String, terminalID: UInt32?, intervalSeconds: Int) -> DiagnosticCheck {
        let name = "documents"
        let folder = DocumentFolder(journalPath: journalPath)
        var seen: [String] = []
        var unreadable: [String] = []
        var revokedSelf: Int64?
        for kind in DocumentKind.allCases {
            guard let held = folder.held(kind) else { continue }
            let version = held.version
            do throws(PublishedDocumentError) {
                switch kind {
                case .blockList:
                    let list = try BlockListDocument.decode(held.state)
                    seen.append(
                        "block list v\(version): \(list.blocked.count) members" + (list.cards.isEmpty ? "" : ", \(list.cards.count) cards"))
                case .revokedTerminals:
                    let revoked = try RevokedTerminalsDocument.decode(held.state).revoked
                    if let terminalID, revoked.contains(terminalID) { revokedSelf = version }
                    seen.append(
                        "revoked terminals v\(version): " + (revoked.isEmpty ? "none" : revoked.map(String.init).joined(separator: ", ")))
                case .bonuses:
                    seen.append("bonuses v\(version): \(try BonusGrantsDocument.decode(held.state).grants.count) grants")
                case .adjustments:
                    seen.append(
                        "adjustments v\(version): \(try PointsAdjustmentsDocument.decode(held.state).adjustments.count) adjustments")
                case .replacements:
                    seen.append("replacements v\(version): \(try ReplacementNoticesDocument.decode(held.state).notices.count) cards")
                case .managers:
                    seen.append("managers v\(version): \(try ManagersDocument.decode(held.state).managers.count) managers")
                case .programme:
                    seen.append("programme v\(version)")
                }
            } catch {
                unreadable.append("\(kind.rawValue) v\(version) (\(error))")
            }
        }
        if let pending = folder.held(.programme, pending: true) {
            seen.append("programme v\(pending.version) waits for its start time \(pending.signed.effectiveAt ?? 0) ms")
        }
        let generation = folder.keyGeneration()
        if generation > 0 { seen.append("document key generation \(generation)") }
        if let revokedSelf, let terminalID {
            return .failed(
                name, "this terminal (\(terminalID)) is on the revoked list v\(revokedSelf): the back office refuses its uploads",
                fix:
                    "if the device is trusted again, enrol it anew at the back office (loyalty-backoffice terminal enrol), which lifts the revocation"
            )
        }
        if !unreadable.isEmpty {
            return .warned(
                name, "cannot read the kept " + unreadable.joined(separator: ", "),
                fix: "remove those files from \(folder.path) (.signed and .json): the running terminal downloads them again")
        }
        let refusals = folder.refusals().sorted { $0.key < $1.key }
        if !refusals.isEmpty {
            return .warned(
                name,
                "refused: " + refusals.map { $0.value.line($0.key) }.joined(separator: "; ") + "; in force: "
                    + (seen.isEmpty ? "nothing downloaded" : seen.joined(separator: "; ")),
                fix:
                    "the documents in force stay; a forged or replayed document means someone tampers with the network between terminal and back office: use TLS and look (refusals.json in \(folder.path))"
            )
        }
        guard !seen.isEmpty else {
            return .passed(name, "none downloaded yet (the running terminal asks the back office every \(intervalSeconds) s)")
        }
        return .passed(name, seen.joined(separator: "; "))
    }
}
