import CardProfile
import Foundation
import Testing

@testable import TerminalApp

/// The POS API's exposure in the configuration: a token is required off loopback, a Unix socket
/// instead of an address, the bounds on clients; and the files holding the terminal's secrets
/// (credential, token, the issuer's private file) refused when others may read them.
@Suite("POS API exposure and the terminal's secret files")
struct POSAPISecurityConfigurationTests {
    func parse(_ posAPI: String) throws(ConfigurationError) -> TerminalConfiguration {
        try TerminalConfiguration.parse(
            Data(#"{"trust": {"issuerFile": "i.json"}, "terminalCredentialFile": "c.json", "posAPI": \#(posAPI)}"#.utf8),
            file: "/etc/lt/terminal.json")
    }

    @Test(
        "an address off loopback needs a token file; loopback and a Unix socket do not",
        arguments: ["0.0.0.0", "192.168.1.20", "::", "pos.local", "128.0.0.1"])
    func tokenRequiredOffLoopback(host: String) throws {
        let error = #expect(throws: ConfigurationError.self) { try parse(#"{"host": "\#(host)"}"#) }
        #expect(error?.field == "posAPI.tokenFile", "\(String(describing: error))")
        #expect(error?.problem.contains("not a loopback address") == true)
        let guarded = try parse(#"{"host": "\#(host)", "tokenFile": "pos.token"}"#)
        #expect(!guarded.posAPI.isLocalOnly)
        #expect(POSAPIListener(settings: guarded.posAPI).options(token: "t").tokenGuardsEveryRoute)
    }

    @Test(
        "loopback hosts and a Unix socket are local: no token needed, and a token guards /v1/ only",
        arguments: ["127.0.0.1", "127.8.9.10", "localhost", "::1"])
    func loopback(host: String) throws {
        let configuration = try parse(#"{"host": "\#(host)"}"#)
        #expect(configuration.posAPI.isLocalOnly)
        #expect(!POSAPIListener(settings: configuration.posAPI).options(token: "t").tokenGuardsEveryRoute)
    }

    @Test("a Unix socket replaces the address; the limits are read and bounded")
    func socketAndLimits() throws {
        let configuration = try parse(
            #"{"host": "0.0.0.0", "unixSocket": "run/pos.sock", "maximumHeaderBytes": 8192, "idleTimeoutSeconds": 5, "requestTimeoutSeconds": 3}"#
        )
        #expect(configuration.posAPI.unixSocket == "/etc/lt/run/pos.sock")
        #expect(configuration.posAPI.isLocalOnly)
        let listener = POSAPIListener(settings: configuration.posAPI)
        #expect(listener.endpoint(port: 0) == "unix:/etc/lt/run/pos.sock")
        #expect(listener.limits.maximumHeaderBytes == 8192)
        #expect(listener.limits.idleTimeout == .seconds(5) && listener.limits.requestTimeout == .seconds(3))

        let defaults = POSAPIListener(settings: try parse("{}").posAPI).limits
        #expect(defaults.idleTimeout == .seconds(30) && defaults.requestTimeout == .seconds(10) && defaults.maximumHeaderBytes == 16_384)
        let tooLong = #expect(throws: ConfigurationError.self) { try parse(#"{"idleTimeoutSeconds": 0}"#) }
        #expect(tooLong?.field == "posAPI.idleTimeoutSeconds")
    }

    /// A folder with an issuer file, a credential and a token, and a configuration naming them.
    func folderWithSecrets(privateIssuer: Bool) throws -> (ConfigurationFolder, String) {
        let folder = try ConfigurationFolder()
        let issuer = try folder.writeIssuerAndCredential()
        if privateIssuer { try IssuerFile(issuer).save(folder.path("issuer.json")) }
        let token = try folder.write("pos.token", "0123456789abcdef0123\n")
        chmod(token, 0o600)
        let file = try folder.write(
            "terminal.json",
            #"{"trust": {"issuerFile": "issuer.json"}, "terminalCredentialFile": "credential.json", "posAPI": {"tokenFile": "pos.token"}}"#)
        return (folder, file)
    }

    @Test(
        "the credential, the token and an issuer file with its private key are refused when others may read them",
        arguments: [
            ("credential.json", "terminalCredentialFile"), ("pos.token", "posAPI.tokenFile"), ("issuer.json", "trust.issuerFile"),
        ])
    func exposedSecrets(name: String, field: String) throws {
        let (folder, file) = try folderWithSecrets(privateIssuer: true)
        defer { folder.remove() }
        _ = try TerminalConfiguration.load(path: file).loadResources()
        chmod(folder.path(name), 0o644)
        let error = #expect(throws: ConfigurationError.self) { try TerminalConfiguration.load(path: file).loadResources() }
        #expect(error?.field == field)
        #expect(error?.problem.contains("chmod 600 \(folder.path(name))") == true, "\(String(describing: error))")
        let check = Diagnosis.posAPI(try TerminalConfiguration.load(path: file))
        #expect(check.status == (name == "pos.token" ? .failed : .passed), "\(check)")
    }

    @Test("the public issuer file may be readable by all")
    func publicIssuerFile() throws {
        let (folder, file) = try folderWithSecrets(privateIssuer: false)
        defer { folder.remove() }
        chmod(folder.path("issuer.json"), 0o644)
        #expect(try TerminalConfiguration.load(path: file).loadResources().token == "0123456789abcdef0123")
    }
}
