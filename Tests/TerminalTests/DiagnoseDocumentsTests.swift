import CardProfile
import Foundation
import SyncProtocol
import Testing

@testable import TerminalApp

/// The `documents` check of `diagnose`, on the files a terminal keeps beside its journal.
@Suite("Diagnose: downloaded documents")
struct DiagnoseDocumentsTests {
    static let issuer = Issuer.generateTestIssuer(programmeID: 0x4C4F_5931)

    /// Keeps `body` as version `version` of `kind`, signed, as the running terminal does.
    func keep(_ kind: DocumentKind, version: Int64, body: [UInt8], in folder: ConfigurationFolder) throws {
        let file = DocumentKeyFile.certified(keyId: "test", generation: 1, by: Self.issuer)
        let signed = SignedDocument.sign(
            kind: kind, version: version, base: 0, issuedAt: 1_765_000_000_000, body: body, state: SignedDocument.digest(body),
            key: try file.key(), certificate: try #require(file.certificate))
        try DocumentFolder(journalPath: folder.path("terminal.journal")).keep(HeldDocument(signed: signed, state: body), kind: kind)
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

    @Test("each kept document is shown with its version; this terminal revoked fails; an unreadable one warns; a refusal warns")
    func kept() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        try keep(.blockList, version: 4, body: try BlockListDocument(blocked: ["M-1", "M-2"]).encoded(), in: folder)
        try keep(.revokedTerminals, version: 1, body: try RevokedTerminalsDocument(revoked: [12]).encoded(), in: folder)
        try keep(
            .bonuses, version: 2, body: try BonusGrantsDocument(grants: [.init(member: "M-1", sequence: 1, kind: "review")]).encoded(),
            in: folder)
        try keep(.programme, version: 3, body: Array("{}".utf8), in: folder)
        let fine = check(folder)
        #expect(fine.status == .passed, "\(fine)")
        #expect(
            fine.detail == "programme v3; block list v4: 2 members; revoked terminals v1: 12; bonuses v2: 1 grants")

        let revoked = check(folder, terminal: 12)
        #expect(revoked.status == .failed && revoked.detail.contains("this terminal (12) is on the revoked list v1"), "\(revoked)")
        #expect(revoked.fix?.contains("terminal enrol") == true)

        let documents = DocumentFolder(journalPath: folder.path("terminal.journal"))
        try documents.keepRefusals([
            "block-list": .init(at: 1_765_000_000_000, version: 5, reason: .badSignature, detail: "version 5 is not signed by key test")
        ])
        let refused = check(folder)
        #expect(refused.status == .warned && refused.detail.contains("block-list version 5: bad-signature"), "\(refused)")

        try keep(.blockList, version: 5, body: Array(#"{"blocked": [""]}"#.utf8), in: folder)
        let damaged = check(folder)
        #expect(damaged.status == .warned && damaged.detail.contains("block-list v5 (an empty member id)"), "\(damaged)")
    }
}
