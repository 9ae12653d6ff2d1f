import SyncProtocol

extension Diagnosis {
    /// What the back office published and the terminal keeps next to its journal
    /// (`documents/<kind>.version` and `.json`, ``DownloadedDocuments``): fails when this
    /// terminal is on the revoked list, warns when a kept document cannot be read.
    static func documents(journalPath: String, terminalID: UInt32?, intervalSeconds: Int) -> DiagnosticCheck {
        let name = "documents"
        let folder = DownloadedDocuments.folder(journalPath: journalPath)
        var seen: [String] = []
        var unreadable: [String] = []
        var revokedSelf: Int64?
        let versions = DownloadedDocuments.keptVersions(in: folder)
        for kind in DocumentKind.allCases {
            guard let version = versions[kind] else { continue }
            guard let body = DownloadedDocuments.keptBody(kind, in: folder) else {
                seen.append("\(kind.rawValue) v\(version) refused when downloaded (the terminal log says why)")
                continue
            }
            do throws(PublishedDocumentError) {
                switch kind {
                case .blockList:
                    seen.append("block list v\(version): \(try BlockListDocument.decode(body).blocked.count) members")
                case .revokedTerminals:
                    let revoked = try RevokedTerminalsDocument.decode(body).revoked
                    if let terminalID, revoked.contains(terminalID) { revokedSelf = version }
                    seen.append(
                        "revoked terminals v\(version): " + (revoked.isEmpty ? "none" : revoked.map(String.init).joined(separator: ", ")))
                case .bonuses:
                    seen.append("bonuses v\(version): \(try BonusGrantsDocument.decode(body).grants.count) grants")
                case .programme:
                    // A newer programme refused leaves the body of the one applied before it.
                    seen.append("programme v\(version) downloaded")
                }
            } catch {
                unreadable.append("\(kind.rawValue) v\(version) (\(error))")
            }
        }
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
                fix: "remove those files from \(folder) (.version and .json): the running terminal downloads them again")
        }
        guard !seen.isEmpty else {
            return .passed(name, "none downloaded yet (the running terminal asks the back office every \(intervalSeconds) s)")
        }
        return .passed(name, seen.joined(separator: "; "))
    }
}
