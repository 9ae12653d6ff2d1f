import Foundation
import Logging
import Testing

@testable import BackOfficeApp

/// The back office's secret files: the signing key written 0600; the signing key, a user's
/// token and the TLS key refused when others may read them, naming the file and the fix.
@Suite("loyalty-backoffice secret files")
struct SecretFileCommandTests {
    func expectRefusal(_ failure: BackOfficeFailure?, naming path: String) {
        #expect(failure?.description.contains(path) == true, "\(String(describing: failure))")
        #expect(failure?.description.contains("chmod 600 \(path)") == true, "\(String(describing: failure))")
    }

    @Test("publish signing-key writes mode 600; publish programme refuses the key once others may read it")
    func signingKey() async throws {
        try await inFolder { folder in
            let key = folder + "/signing.json"
            try #require(try parse(["publish", "signing-key", "--output", key, "--key-id", "k1"], as: PublishCommand.SigningKey.self)).run()
            #expect(try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int == 0o600)
            chmod(key, 0o644)
            let publish = try #require(
                try parse(
                    [
                        "publish", "programme", "--file", folder + "/none.json", "--signing-key", key, "--database",
                        "sqlite:\(folder)/b.sqlite",
                    ],
                    as: PublishCommand.PublishProgramme.self))
            let failure = await #expect(throws: BackOfficeFailure.self) { try await publish.run() }
            expectRefusal(failure, naming: key)
        }
    }

    @Test("publish document-key writes mode 600; publishing refuses the key once others may read it")
    func documentKey() async throws {
        try await inFolder { folder in
            let key = folder + "/document-key.json"
            try #require(try parse(["publish", "document-key", "--output", key, "--key-id", "d1"], as: PublishCommand.DocumentKey.self))
                .run()
            #expect(try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int == 0o600)
            chmod(key, 0o640)
            let list = folder + "/blocked.txt"
            try Data("M-1\n".utf8).write(to: URL(fileURLWithPath: list))
            let publish = try #require(
                try parse(
                    ["publish", "block-list", "--file", list, "--document-key", key, "--database", "sqlite:\(folder)/b.sqlite"],
                    as: PublishCommand.BlockList.self))
            let failure = await #expect(throws: BackOfficeFailure.self) { try await publish.run() }
            expectRefusal(failure, naming: key)
        }
    }

    @Test("pull refuses a token file others may read")
    func pullToken() async throws {
        try await inFolder { folder in
            let token = folder + "/auditor.token"
            try Data("lbo_token\n".utf8).write(to: URL(fileURLWithPath: token))
            chmod(token, 0o640)
            let pull = try #require(try parse(["pull", "--token-file", token, "--url", "http://127.0.0.1:9"], as: PullCommand.self))
            let failure = await #expect(throws: BackOfficeFailure.self) { try await pull.run() }
            expectRefusal(failure, naming: token)
        }
    }

    @Test("serve refuses a TLS key others may read")
    func tlsKey() async throws {
        try await inFolder { folder in
            let certificate = folder + "/c.pem"
            let key = folder + "/k.pem"
            try Data("not read".utf8).write(to: URL(fileURLWithPath: certificate))
            try Data("not read".utf8).write(to: URL(fileURLWithPath: key))
            chmod(key, 0o644)
            let serve = try #require(try parse(["serve", "--tls-certificate", certificate, "--tls-key", key], as: ServeCommand.self))
            let failure = #expect(throws: BackOfficeFailure.self) { _ = try serve.serverBuilder(logger: Logger(label: "test.serve")) }
            expectRefusal(failure, naming: key)
        }
    }

    @Test("serve's client limits: defaults, and out-of-range values refused")
    func limits() throws {
        let serve = try #require(try parse(["serve"], as: ServeCommand.self))
        #expect(serve.limits.limits.idleTimeout == .seconds(60))
        #expect(serve.limits.limits.requestTimeout == .seconds(120))
        #expect(serve.limits.limits.maximumHeaderBytes == 32_768)
        let tuned = try #require(
            try parse(
                ["serve", "--idle-timeout-seconds", "5", "--request-timeout-seconds", "7", "--maximum-header-bytes", "4096"],
                as: ServeCommand.self))
        #expect(tuned.limits.limits.idleTimeout == .seconds(5) && tuned.limits.limits.requestTimeout == .seconds(7))
        #expect(refusal(["serve", "--idle-timeout-seconds", "0"])?.contains("--idle-timeout-seconds must be 1...3600") == true)
        #expect(refusal(["serve", "--maximum-header-bytes", "10"])?.contains("--maximum-header-bytes must be 1024...1048576") == true)
    }
}
