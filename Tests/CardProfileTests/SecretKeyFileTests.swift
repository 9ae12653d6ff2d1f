import CardProfile
import Foundation
import Testing

/// Each kind of file of the card profile that holds a private key (the issuer file, a
/// terminal's credential, a card image) is refused when its group or others may read it; the
/// public issuer file is not.
@Suite("Key files refused when others may read them")
struct SecretKeyFileTests {
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secret-keys-\(UUID().uuidString)").path
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// `load` throws an error naming `path` and the fix once the file is made `mode`, and loads at 0600.
    func expectRefused(_ path: String, mode: mode_t = 0o644, _ load: () throws -> Void) throws {
        try load()
        chmod(path, mode)
        let error = #expect(throws: (any Error).self) { try load() }
        let text = "\(error.map { "\($0)" } ?? "")"
        #expect(text.contains(path) && text.contains("chmod 600 \(path)"), "\(text)")
        chmod(path, 0o600)
        try load()
    }

    @Test("the issuer file with its private key")
    func issuerFile() throws {
        let folder = try Folder()
        let issuer = Issuer.generateTestIssuer(programmeID: 0x4C50_0003)
        let path = folder.path + "/issuer.json"
        try IssuerFile(issuer).save(path)
        try expectRefused(path) { _ = try IssuerFile.load(path) }

        let publicPath = folder.path + "/issuer.pub.json"
        try IssuerFile(issuer, includePrivateKey: false).save(publicPath)
        chmod(publicPath, 0o644)
        #expect(try IssuerFile.load(publicPath).privateKey == nil)
    }

    @Test("a terminal's credential")
    func credential() throws {
        let folder = try Folder()
        let issuer = Issuer.generateTestIssuer(programmeID: 0x4C50_0004)
        let path = folder.path + "/credential.json"
        try TerminalCredentialFile(issuer.enrolTerminal(id: 3), test: true).save(path)
        try expectRefused(path, mode: 0o640) { _ = try TerminalCredentialFile.load(path) }
    }

    @Test("a card image")
    func cardImage() throws {
        let folder = try Folder()
        let issuer = Issuer.generateTestIssuer(programmeID: 0x4C50_0005)
        let member = Issuer.Member(
            memberID: "M-SECRET", issued: try CalendarDate(year: 2025, month: 1, day: 1),
            expires: try CalendarDate(year: 2030, month: 1, day: 1), birthdayMonth: 1, birthdayDay: 2)
        let file = CardImageFile(path: folder.path + "/card.img")
        try file.write(issuer.personalise(member, uid: [1, 2, 3, 4]))
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600)
        try expectRefused(file.path, mode: 0o604) { _ = try file.read() }
    }
}
