import CardProfile
import Foundation
import Testing

/// Key files: those that hold a private key are readable by their owner only, from the moment
/// they exist and when they replace an older, more open file; a public issuer file needs only
/// the programme and the public key.
@Suite struct KeyFileTests {
    private func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func privateKeysAreOwnerOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("key-modes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let issuer = Issuer.generateTestIssuer(programmeID: 0x4C50_0001)

        let issuerPath = folder + "/issuer.json"
        try IssuerFile(issuer).save(issuerPath)
        #expect(try mode(issuerPath) == 0o600)
        #expect(try IssuerFile.load(issuerPath).privateKey != nil)

        let publicPath = folder + "/issuer.pub.json"
        try IssuerFile(issuer, includePrivateKey: false).save(publicPath)
        #expect(try IssuerFile.load(publicPath).privateKey == nil)

        let credentialPath = folder + "/terminal.json"
        FileManager.default.createFile(atPath: credentialPath, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        try TerminalCredentialFile(issuer.enrolTerminal(id: 9), test: true).save(credentialPath)
        #expect(try mode(credentialPath) == 0o600)
        #expect(try TerminalCredentialFile.load(credentialPath).terminalID == 9)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                == ["issuer.json", "issuer.pub.json", "terminal.json"])
    }

    @Test func publicIssuerFileNeedsOnlyProgrammeAndKey() throws {
        let issuer = Issuer.generateTestIssuer(programmeID: 0x4C50_0002)
        let full = IssuerFile(issuer, includePrivateKey: false)
        let json = #"{"programmeID": \#(full.programmeID), "publicKey": "\#(full.publicKey)"}"#
        let file = try JSONDecoder().decode(IssuerFile.self, from: Data(json.utf8))
        #expect(file.test == false && file.privateKey == nil && file.programmeID == 0x4C50_0002)
        #expect(try file.issuerPublicKey().rawRepresentation == issuer.publicKey.rawRepresentation)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(IssuerFile.self, from: Data(#"{"programmeID": 1, "test": true}"#.utf8))
        }
    }
}
