import Foundation
import SyncProtocol
import Testing

@testable import TerminalApp

/// The `documents` check of `diagnose`, on the files a terminal keeps beside its journal.
@Suite("Diagnose: downloaded documents")
struct DiagnoseDocumentsTests {
    /// Keeps `body` as version `version` of `kind`, as the running terminal does (no body: the
    /// document was refused when downloaded).
    func keep(_ kind: DocumentKind, version: Int64, body: [UInt8]?, in folder: ConfigurationFolder) throws {
        let documents = folder.path("documents")
        try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
        try Data(String(version).utf8).write(to: URL(fileURLWithPath: "\(documents)/\(kind.rawValue).version"))
        if let body { try Data(body).write(to: URL(fileURLWithPath: "\(documents)/\(kind.rawValue).json")) }
    }

    func check(_ folder: ConfigurationFolder, terminal: UInt32 = 7) -> DiagnosticCheck {
        Diagnosis.documents(journalPath: folder.path("terminal.journal"), terminalID: terminal, intervalSeconds: 60)
    }

    @Test("none kept yet passes and says how often the terminal asks")
    func noneYet() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        let result = check(folder)
        #expect(result.status == .passed && result.detail.contains("none downloaded yet") && result.detail.contains("every 60 s"))
    }

    @Test("each kept document is shown with its version; this terminal revoked fails; an unreadable one warns")
    func kept() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        try keep(.blockList, version: 4, body: try BlockListDocument(blocked: ["M-1", "M-2"]).encoded(), in: folder)
        try keep(.revokedTerminals, version: 1, body: try RevokedTerminalsDocument(revoked: [12]).encoded(), in: folder)
        try keep(
            .bonuses, version: 2, body: try BonusGrantsDocument(grants: [.init(member: "M-1", sequence: 1, kind: "review")]).encoded(),
            in: folder)
        try keep(.programme, version: 3, body: nil, in: folder)
        let fine = check(folder)
        #expect(fine.status == .passed, "\(fine)")
        #expect(
            fine.detail == "programme v3 refused when downloaded (the terminal log says why); block list v4: 2 members; "
                + "revoked terminals v1: 12; bonuses v2: 1 grants")

        let revoked = check(folder, terminal: 12)
        #expect(revoked.status == .failed && revoked.detail.contains("this terminal (12) is on the revoked list v1"), "\(revoked)")
        #expect(revoked.fix?.contains("terminal enrol") == true)

        try keep(.blockList, version: 5, body: Array(#"{"blocked": [""]}"#.utf8), in: folder)
        let damaged = check(folder)
        #expect(damaged.status == .warned && damaged.detail.contains("block-list v5 (an empty member id)"), "\(damaged)")
    }
}
