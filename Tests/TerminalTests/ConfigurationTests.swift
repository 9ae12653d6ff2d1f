import CardProfile
import Foundation
import PointsEngine
import Testing

@testable import TerminalApp

/// A fresh folder under the system's temporary folder, with helpers to write files in it.
struct ConfigurationFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("terminal-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// An issuer file (public half only) and a credential the issuer enrolled, in this folder.
    @discardableResult
    func writeIssuerAndCredential(programmeID: UInt32 = 1_280_268_593, terminalID: UInt32 = 7) throws -> Issuer {
        let issuer = Issuer.generateTestIssuer(programmeID: programmeID)
        try IssuerFile(issuer, includePrivateKey: false).save(path("issuer.json"))
        try TerminalCredentialFile(issuer.enrolTerminal(id: terminalID), test: true).save(path("credential.json"))
        return issuer
    }
}

/// The smallest valid configuration: the issuer file and the credential, next to it.
let minimalConfiguration = """
    {"trust": {"issuerFile": "issuer.json"}, "terminalCredentialFile": "credential.json"}
    """

@Suite("Terminal configuration")
struct ConfigurationTests {
    /// Parses `json` as if it were `terminal.json` in `folder`; the error when it fails.
    func problem(_ json: String, in folder: ConfigurationFolder? = nil) -> ConfigurationError? {
        let file = folder?.path("terminal.json") ?? "/etc/loyalty-terminal/terminal.json"
        do {
            _ = try TerminalConfiguration.parse(Data(json.utf8), file: file)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    // MARK: Loading

    @Test("the smallest configuration gets every default, paths relative to its folder")
    func defaults() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        let file = try folder.write("terminal.json", minimalConfiguration)
        let configuration = try TerminalConfiguration.load(path: file)
        #expect(configuration.file == file)
        #expect(configuration.reader == nil)
        #expect(configuration.journal.path == "/var/lib/loyalty-terminal/terminal.journal")
        #expect(configuration.journal.size == 16 << 20)
        #expect(configuration.journal.recordSize == 512)
        #expect(configuration.programme == .embeddedDemo)
        #expect(configuration.trust.issuer == .file(folder.path("issuer.json")))
        #expect(configuration.trust.programmeID == nil)
        #expect(configuration.trust.acceptTestCards == false)
        #expect(configuration.trust.blockListFile == nil)
        #expect(configuration.terminalCredentialFile == folder.path("credential.json"))
        #expect(configuration.backOffice == nil)
        #expect(configuration.standalone == false)
        #expect(configuration.posAPI == .init(host: "127.0.0.1", port: 8080, tokenFile: nil, maximumBodyBytes: 16_384))
        #expect(configuration.defaultWaitSeconds == 30)
        #expect(configuration.maximumWaitSeconds == 120)
        #expect(configuration.metricsIntervalSeconds == 5)
        #expect(configuration.logLevel == .info)
    }

    @Test("the documented example loads with every field set")
    func documentedExample() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/examples/terminal.json").standardizedFileURL.path
        let configuration = try TerminalConfiguration.load(path: example)
        #expect(configuration.reader == "ACS ACR1252 1S CL Reader PICC 0")
        #expect(configuration.journal.path == "/var/lib/loyalty-terminal/terminal.journal")
        #expect(configuration.journal.size == 32 << 20)
        guard case .file(let programme, let keys) = configuration.programme else {
            Issue.record("the example names a programme file")
            return
        }
        #expect(programme == "/etc/loyalty-terminal/programme.signed.json")
        #expect(keys.count == 1)
        #expect(configuration.trust.programmeID == 1_280_268_593)
        #expect(configuration.trust.blockListFile == "/etc/loyalty-terminal/blocked-members.txt")
        #expect(configuration.backOffice?.url == "https://backoffice.example.com")
        #expect(configuration.posAPI.tokenFile == "/etc/loyalty-terminal/pos-token")
        #expect(configuration.defaultWaitSeconds == 30)
        #expect(configuration.logLevel == .info)
    }

    @Test("sizes in bytes or with K, M, G; comments; the embedded demo by name")
    func valueForms() throws {
        let configuration = try TerminalConfiguration.parse(
            Data(
                """
                {"_comment": "a note", "journal": {"size": "1G", "recordSize": 1024, "_why": "big records"},
                 "programme": "embedded-demo", "reader": "ACS ACR1252 1S CL Reader PICC 0",
                 "trust": {"issuerPublicKey": "04\(String(repeating: "ab", count: 64))", "programmeID": 5, "acceptTestCards": true},
                 "terminalCredentialFile": "/etc/c.json", "posAPI": {"host": "0.0.0.0", "port": 0, "tokenFile": "pos.token"},
                 "backOffice": {"url": "http://10.0.0.2:9000/", "unsafePlainHTTP": true}, "tap": {"defaultWaitSeconds": 10, "maximumWaitSeconds": 20},
                 "logLevel": "DEBUG"}
                """.utf8), file: "/tmp/x/terminal.json")
        let standalone = try TerminalConfiguration.parse(
            Data(
                """
                {"trust": {"issuerFile": "i"}, "terminalCredentialFile": "c", "standalone": true}
                """.utf8), file: "/tmp/x/terminal.json")
        #expect(standalone.standalone)
        #expect(configuration.journal.size == 1 << 30)
        #expect(configuration.journal.recordSize == 1024)
        #expect(configuration.journal.path == "/var/lib/loyalty-terminal/terminal.journal")
        #expect(configuration.reader == "ACS ACR1252 1S CL Reader PICC 0")
        #expect(configuration.trust.programmeID == 5)
        #expect(configuration.trust.acceptTestCards)
        #expect(configuration.posAPI.port == 0)
        #expect(configuration.backOffice?.url == "http://10.0.0.2:9000")
        #expect(configuration.backOffice?.unsafePlainHTTP == true)
        #expect(configuration.defaultWaitSeconds == 10)
        #expect(configuration.logLevel == .debug)
    }

    @Test("print-config shows the effective values and never a token")
    func effective() throws {
        let configuration = try TerminalConfiguration.parse(
            Data(
                """
                {"trust": {"issuerFile": "issuer.json"}, "terminalCredentialFile": "c.json", "posAPI": {"tokenFile": "token"}}
                """.utf8), file: "/etc/lt/terminal.json")
        let json = JournalCLI.json(EffectiveConfiguration(configuration))
        #expect(json.contains("\"tokenFile\" : \"/etc/lt/token\""))
        #expect(json.contains("\"size\" : 16777216"))
        #expect(json.contains("\"source\" : \"embedded-demo\""))
        #expect(json.contains("\"issuerFile\" : \"/etc/lt/issuer.json\""))
    }

    // MARK: Errors of the file

    @Test("a missing file is named, with where to start")
    func missingFile() {
        let error = #expect(throws: ConfigurationError.self) { try TerminalConfiguration.load(path: "/nonexistent/terminal.json") }
        #expect(error?.file == "/nonexistent/terminal.json")
        #expect(error?.field == nil)
        #expect(error?.problem.contains("no such file") == true)
        #expect(error?.description.hasPrefix("/nonexistent/terminal.json: no such file") == true)
    }

    @Test("a folder instead of a file cannot be read")
    func folderInsteadOfFile() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        let error = #expect(throws: ConfigurationError.self) { try TerminalConfiguration.load(path: folder.url.path) }
        #expect(error?.problem.contains("cannot be read") == true)
    }

    @Test("bad JSON and a top level that is not an object")
    func badJSON() {
        let broken = problem("{\"trust\": {\"issuerFile\": \"x\"")
        #expect(broken?.field == nil)
        #expect(broken?.problem.hasPrefix("not valid JSON") == true)
        #expect(problem("")?.problem.hasPrefix("not valid JSON") == true)
        let array = problem("[1, 2]")
        #expect(array?.problem == "expected a JSON object at the top level, found an array")
    }

    // MARK: Errors of a field

    @Test("required fields")
    func required() {
        #expect(problem("{}")?.field == "trust")
        #expect(problem(#"{"trust": {"issuerFile": "i.json"}}"#)?.field == "terminalCredentialFile")
        #expect(problem(#"{"trust": {}, "terminalCredentialFile": "c"}"#)?.field == "trust.issuerPublicKey")
        let noID = problem(#"{"trust": {"issuerPublicKey": "04\#(String(repeating: "00", count: 64))"}, "terminalCredentialFile": "c"}"#)
        #expect(noID?.field == "trust.programmeID")
        #expect(problem(#"{"trust": {"issuerFile": "i"}, "terminalCredentialFile": "c", "backOffice": {}}"#)?.field == "backOffice.url")
        #expect(
            problem(#"{"trust": {"issuerFile": "i"}, "terminalCredentialFile": "c", "programme": {"file": "p"}}"#)?.field
                == "programme.trustedKeys")
        #expect(
            problem(#"{"trust": {"issuerFile": "i"}, "terminalCredentialFile": "c", "programme": {"trustedKeys": {"k": "04"}}}"#)?.field
                == "programme.file")
    }

    @Test(
        "a value of the wrong type names the field and what was found",
        arguments: [
            (#""journal": {"size": true}"#, "journal.size", "found a boolean (true)"),
            (#""journal": "big""#, "journal", "expected an object, found a string (\"big\")"),
            (#""journal": {"path": 5}"#, "journal.path", "expected a string, found a number (5)"),
            (#""posAPI": {"port": "8080"}"#, "posAPI.port", "expected a whole number, found a string (\"8080\")"),
            (#""posAPI": {"port": 80.5}"#, "posAPI.port", "expected a whole number, found a number (80.5)"),
            (#""reader": ["a"]"#, "reader", "expected a string, found an array"),
            (
                #""tap": {"defaultWaitSeconds": null, "maximumWaitSeconds": "9"}"#, "tap.maximumWaitSeconds",
                "expected a whole number of seconds"
            ),
            (#""programme": 3"#, "programme", "expected \"embedded-demo\" or an object"),
            (#""programme": "demo""#, "programme", "expected \"embedded-demo\" or an object"),
            (#""logLevel": 1"#, "logLevel", "expected a string"),
        ])
    func wrongType(fragment: String, field: String, message: String) {
        let error = problem(#"{"trust": {"issuerFile": "i"}, "terminalCredentialFile": "c", \#(fragment)}"#)
        #expect(error?.field == field)
        #expect(error?.problem.contains(message) == true, "\(error?.problem ?? "no error")")
    }

    @Test(
        "a value out of range names the field and the range",
        arguments: [
            (#""posAPI": {"port": 70000}"#, "posAPI.port", "70000 is out of range: must be from 0 to 65535"),
            (#""posAPI": {"port": -1}"#, "posAPI.port", "out of range"),
            (#""journal": {"size": 1024}"#, "journal.size", "1024 bytes is out of range"),
            (#""journal": {"size": "200G"}"#, "journal.size", "out of range"),
            (#""journal": {"size": "lots"}"#, "journal.size", "is not a size"),
            (#""journal": {"recordSize": 700}"#, "journal.recordSize", "must be 512, 1024, 2048 or 4096"),
            (#""tap": {"defaultWaitSeconds": 0}"#, "tap.defaultWaitSeconds", "out of range"),
            (#""tap": {"defaultWaitSeconds": 200}"#, "tap.defaultWaitSeconds", "above tap.maximumWaitSeconds (120)"),
            (#""metricsIntervalSeconds": 0"#, "metricsIntervalSeconds", "out of range"),
            (#""backOffice": {"url": "ftp://x"}"#, "backOffice.url", "not an http:// or https:// URL"),
            (#""backOffice": {"url": "https://b", "timeoutSeconds": 0}"#, "backOffice.timeoutSeconds", "out of range"),
            (#""backOffice": {"url": "https://b", "lookupBudgetMilliseconds": 10}"#, "backOffice.lookupBudgetMilliseconds", "out of range"),
            (
                #""backOffice": {"url": "https://b", "lookupBudgetMilliseconds": 9000}"#, "backOffice.lookupBudgetMilliseconds",
                "out of range"
            ),
            (#""backOffice": {"url": "http://b"}"#, "backOffice.url", "is plain HTTP"),
            (#""backOffice": {"url": "http://b", "unsafePlainHTTP": false}"#, "backOffice.url", "backOffice.unsafePlainHTTP true"),
            (#""backOffice": {"url": "https://b", "unsafePlainHTTP": true}"#, "backOffice.unsafePlainHTTP", "only for an http:// url"),
            (#""posAPI": {"maximumBodyBytes": 10}"#, "posAPI.maximumBodyBytes", "out of range"),
            (#""logLevel": "loud""#, "logLevel", "\"loud\" is not one of trace, debug, info"),
            (#""posAPI": {"host": ""}"#, "posAPI.host", "must not be empty"),
            (#""standalone": true, "backOffice": {"url": "https://b"}"#, "standalone", "has no back office"),
            (#""standalone": "yes""#, "standalone", "expected true or false, found a string"),
        ])
    func outOfRange(fragment: String, field: String, message: String) {
        let error = problem(#"{"trust": {"issuerFile": "i"}, "terminalCredentialFile": "c", \#(fragment)}"#)
        #expect(error?.field == field)
        #expect(error?.problem.contains(message) == true, "\(error?.problem ?? "no error")")
    }

    @Test("unknown fields, a token in the file, contradictory and malformed keys")
    func refusedFields() {
        let typo = problem(#"{"trust": {"issuerFile": "i"}, "terminalCredentialFile": "c", "jurnal": {}}"#)
        #expect(typo?.field == "jurnal")
        #expect(typo?.problem.hasPrefix("unknown field") == true)
        let nested = problem(#"{"trust": {"issuerFile": "i", "acceptTest": true}, "terminalCredentialFile": "c"}"#)
        #expect(nested?.field == "trust.acceptTest")
        let token = problem(#"{"trust": {"issuerFile": "i"}, "terminalCredentialFile": "c", "posAPI": {"token": "s3cret"}}"#)
        #expect(token?.field == "posAPI.token")
        #expect(token?.problem.contains("posAPI.tokenFile") == true)
        #expect(token?.problem.contains("s3cret") == false)
        let both = problem(#"{"trust": {"issuerFile": "i", "issuerPublicKey": "04"}, "terminalCredentialFile": "c"}"#)
        #expect(both?.field == "trust.issuerFile")
        let badKey = problem(#"{"trust": {"issuerPublicKey": "zz", "programmeID": 1}, "terminalCredentialFile": "c"}"#)
        #expect(badKey?.field == "trust.issuerPublicKey")
        let badTrusted = problem(
            #"{"trust": {"issuerFile": "i"}, "terminalCredentialFile": "c", "programme": {"file": "p", "trustedKeys": {"k1": "0102"}}}"#)
        #expect(badTrusted?.field == "programme.trustedKeys.k1")
        let bigID = problem(#"{"trust": {"issuerFile": "i", "programmeID": 4294967296}, "terminalCredentialFile": "c"}"#)
        #expect(bigID?.field == "trust.programmeID")
    }

    // MARK: The files the configuration names

    @Test("resources: issuer file, credential, block list, embedded programme, token")
    func resources() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        try folder.writeIssuerAndCredential(terminalID: 42)
        try folder.write("blocked.txt", "# lost cards\nM-0001\n\n  M-0002   # stolen\n")
        chmod(try folder.write("token", "0123456789abcdef0123\n"), 0o600)
        let file = try folder.write(
            "terminal.json",
            """
            {"trust": {"issuerFile": "issuer.json", "blockListFile": "blocked.txt"},
             "terminalCredentialFile": "credential.json", "posAPI": {"tokenFile": "token"}}
            """)
        let resources = try TerminalConfiguration.load(path: file).loadResources()
        #expect(resources.credential.terminalID == 42)
        #expect(resources.credentialIsTest)
        #expect(resources.policy.programmeID == 1_280_268_593)
        #expect(resources.policy.blockedMembers == ["M-0001", "M-0002"])
        #expect(resources.programme.programmeId == Programme.demo.programmeId)
        #expect(resources.token == "0123456789abcdef0123")
    }

    @Test("resources: a signed programme file verified with the configured key")
    func programmeFile() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        try folder.writeIssuerAndCredential()
        try Data(SignedProgramme.demo.encodedEnvelope()).write(to: folder.url.appendingPathComponent("programme.json"))
        let demoKey =
            "044c65efec8361161a6f05877263d2da66aa7b6aea342ff090e08d3184284a61b2adcbd23d50e8f7e1cd145b585eb977e2eb46a7fb12a13b741695faf6db257400"
        let good = try folder.write(
            "good.json",
            """
            {"trust": {"issuerFile": "issuer.json"}, "terminalCredentialFile": "credential.json",
             "programme": {"file": "programme.json", "trustedKeys": {"demo-test-key-1": "\(demoKey)"}}}
            """)
        let (programme, envelope) = try TerminalConfiguration.load(path: good).loadProgramme()
        #expect(programme.version == Programme.demo.version)
        #expect(envelope.keyId == "demo-test-key-1")

        let untrusted = try folder.write(
            "untrusted.json",
            """
            {"trust": {"issuerFile": "issuer.json"}, "terminalCredentialFile": "credential.json",
             "programme": {"file": "programme.json", "trustedKeys": {"other-key": "\(demoKey)"}}}
            """)
        let error = #expect(throws: ConfigurationError.self) { try TerminalConfiguration.load(path: untrusted).loadProgramme() }
        #expect(error?.field == "programme.file")
        #expect(error?.problem.contains("unknown key") == true)
        #expect(error?.problem.contains(folder.path("programme.json")) == true)
    }

    @Test("resources: every missing or malformed file is named with its field")
    func resourceErrors() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        let issuer = try folder.writeIssuerAndCredential(programmeID: 77)
        func load(_ json: String) throws -> TerminalConfiguration {
            try TerminalConfiguration.parse(Data(json.utf8), file: folder.path("terminal.json"))
        }
        func failure(_ json: String) throws -> ConfigurationError? {
            let configuration = try load(json)
            return #expect(throws: ConfigurationError.self) { try configuration.loadResources() }
        }

        let noCredential = try failure(#"{"trust": {"issuerFile": "issuer.json"}, "terminalCredentialFile": "missing.json"}"#)
        #expect(noCredential?.field == "terminalCredentialFile")
        #expect(noCredential?.problem.contains(folder.path("missing.json")) == true)
        #expect(noCredential?.problem.contains("no such file") == true)

        try folder.write("garbage.json", "{\"terminalID\": \"seven\"}")
        let badCredential = try failure(#"{"trust": {"issuerFile": "issuer.json"}, "terminalCredentialFile": "garbage.json"}"#)
        #expect(badCredential?.field == "terminalCredentialFile")
        #expect(badCredential?.problem.contains("not a terminal credential file") == true)

        let noIssuer = try failure(#"{"trust": {"issuerFile": "nobody.json"}, "terminalCredentialFile": "credential.json"}"#)
        #expect(noIssuer?.field == "trust.issuerFile")

        let mismatch = try failure(
            #"{"trust": {"issuerFile": "issuer.json", "programmeID": 78}, "terminalCredentialFile": "credential.json"}"#)
        #expect(mismatch?.field == "trust.programmeID")
        #expect(mismatch?.problem.contains("77") == true)

        let notOnCurve = "04" + String(repeating: "00", count: 64)
        let badKey = try failure(
            #"{"trust": {"issuerPublicKey": "\#(notOnCurve)", "programmeID": 77}, "terminalCredentialFile": "credential.json"}"#)
        #expect(badKey?.field == "trust.issuerPublicKey")

        try folder.write("blocked.txt", "M-1\nM 2 has spaces\n")
        let badBlockList = try failure(
            #"{"trust": {"issuerFile": "issuer.json", "blockListFile": "blocked.txt"}, "terminalCredentialFile": "credential.json"}"#)
        #expect(badBlockList?.field == "trust.blockListFile")
        #expect(badBlockList?.problem.contains("line 2") == true)

        try folder.write("empty-token", "\n")
        let emptyToken = try failure(
            #"{"trust": {"issuerFile": "issuer.json"}, "terminalCredentialFile": "credential.json", "posAPI": {"tokenFile": "empty-token"}}"#
        )
        #expect(emptyToken?.field == "posAPI.tokenFile")
        #expect(emptyToken?.problem.contains("empty") == true)

        try folder.write("not-a-programme.json", "{}")
        let badProgramme = try failure(
            #"{"trust": {"issuerFile": "issuer.json"}, "terminalCredentialFile": "credential.json", "programme": {"file": "not-a-programme.json", "trustedKeys": {"k": "\#(HexText.encode(ProfileKeys.bytes(of: issuer.publicKey)))"}}}"#
        )
        #expect(badProgramme?.field == "programme.file")
    }
}
