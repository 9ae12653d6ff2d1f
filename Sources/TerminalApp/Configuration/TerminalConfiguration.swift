import CardProfile
import Foundation
import Logging

/// How `loyalty-terminal run` and `diagnose` are set up: one JSON file, documented in
/// `docs/configuration.md` (full example: `docs/examples/terminal.json`).
///
/// Loading checks the shape and ranges of every field and reports the first problem with the
/// file and the field's JSON path. The files the configuration names (programme, issuer key,
/// credential, block list, token) are read later by ``loadResources()``, which reports their
/// problems the same way. Relative paths are taken relative to the configuration file's folder.
struct TerminalConfiguration: Equatable, Sendable {
    /// Where a packaged terminal looks when `--config` is not given.
    static let defaultPath = "/etc/loyalty-terminal/terminal.json"

    struct JournalSettings: Equatable, Sendable {
        static let defaultPath = "/var/lib/loyalty-terminal/terminal.journal"
        static let defaultSize: Int64 = 16 << 20
        static let sizeRange: ClosedRange<Int64> = (64 << 10)...(64 << 30)
        static let recordSizes = [512, 1024, 2048, 4096]

        /// The journal file; created with ``size`` bytes when missing.
        var path: String = defaultPath
        /// Bytes of a new journal (an existing one keeps the size it was created with).
        var size: Int64 = defaultSize
        /// Bytes per record slot of a new journal.
        var recordSize: Int = 512
    }

    enum ProgrammeSource: Equatable, Sendable {
        /// The programme built into the binary, signed with the public TEST key: demos only.
        case embeddedDemo
        /// A signed programme file (`docs/programme.md`) and the back-office keys that may sign it.
        case file(path: String, trustedKeys: [String: String])
    }

    enum IssuerKeySource: Equatable, Sendable {
        /// The issuer's public key in hex (65 bytes, uncompressed, `04...`).
        case publicKey(String)
        /// An issuer file (`loyalty-sim issuer create`); only its public key and programme id are read.
        case file(String)
    }

    struct TrustSettings: Equatable, Sendable {
        var issuer: IssuerKeySource
        /// The card programme id; taken from the issuer file when not given.
        var programmeID: UInt32?
        /// Accept cards of the test class (never in a shop).
        var acceptTestCards = false
        /// A text file of blocked member ids, one a line (`#` starts a comment).
        var blockListFile: String?
    }

    struct BackOfficeSettings: Equatable, Sendable {
        /// Base URL, e.g. `https://backoffice.example.com`.
        var url: String
        /// Longest wait for an answer, in seconds.
        var timeoutSeconds: Int = 5
        /// How often, when nothing waits to upload, newer documents are asked for.
        var documentIntervalSeconds: Int = 60
        /// The shortest time between two status reports to the back office.
        var statusIntervalSeconds: Int = 60
        /// The longest a tap waits for the back office's word on a member (a refund's sale, a
        /// live balance) before it goes on with the offline rules.
        var lookupBudgetMilliseconds: Int = 300
        /// A PEM file of the certificate authorities trusted for the back office, instead of the
        /// one enrolment wrote into the credential file (`backOfficeAuthority`).
        var caFile: String?
        /// Talk to an `http://` back office, without TLS: labs only (`diagnose` fails on it
        /// unless the terminal is a lab terminal, `trust.acceptTestCards`).
        var unsafePlainHTTP = false
        /// Clock difference above which `diagnose` warns.
        var maximumClockSkewSeconds: Int = 30
    }

    struct POSAPISettings: Equatable, Sendable {
        var host = "127.0.0.1"
        /// 0 picks a free port (tests).
        var port = 8080
        /// A file holding the bearer token POS requests must carry; no token when `nil`.
        /// Required when ``host`` is not a loopback address.
        var tokenFile: String?
        var maximumBodyBytes = 16_384
        /// A Unix socket to listen on instead of ``host`` and ``port`` (mode 0660).
        var unixSocket: String?
        /// The most bytes of header fields a request may carry (431 above).
        var maximumHeaderBytes = 16_384
        /// Seconds a connection may stay open without a request under way (a head still
        /// incomplete included).
        var idleTimeoutSeconds = 30
        /// Seconds a request's body may take to arrive after its head.
        var requestTimeoutSeconds = 10

        /// Whether the API is reachable from this machine only: a Unix socket, or a loopback host.
        var isLocalOnly: Bool { unixSocket != nil || Self.isLoopback(host) }

        /// `localhost`, `::1` and 127.0.0.0/8.
        static func isLoopback(_ host: String) -> Bool {
            if host == "localhost" || host == "::1" || host == "[::1]" { return true }
            let parts = host.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
        }
    }

    /// The configuration file this was loaded from.
    var file: String
    /// The card reader; the first one `pcscd` lists when `nil`.
    var reader: String?
    /// Folder of reader profiles; the usual search path when `nil`.
    var readerProfiles: String?
    var journal = JournalSettings()
    var programme = ProgrammeSource.embeddedDemo
    var trust: TrustSettings
    /// The terminal's enrolment (`loyalty-sim issuer enrol-terminal`): its id, key and certificate.
    var terminalCredentialFile: String
    var backOffice: BackOfficeSettings?
    /// A terminal that works without a back office (a one-terminal shop, the demo): its own
    /// journal is the record, so the programme's offline limits do not apply.
    var standalone = false
    var posAPI = POSAPISettings()
    /// How long a sale waits for a tap when the POS does not say.
    var defaultWaitSeconds = 30
    /// The longest wait a POS request may ask for.
    var maximumWaitSeconds = 120
    /// How often the journal gauges are refreshed.
    var metricsIntervalSeconds = 5
    var logLevel = Logger.Level.info

    init(file: String, trust: TrustSettings, terminalCredentialFile: String) {
        self.file = file
        self.trust = trust
        self.terminalCredentialFile = terminalCredentialFile
    }
}

// MARK: - Loading

extension TerminalConfiguration {
    /// Reads and checks the configuration file at `path`.
    static func load(path: String) throws(ConfigurationError) -> TerminalConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason: String
            if !FileManager.default.fileExists(atPath: path) {
                reason = "no such file (write one from docs/examples/terminal.json, see docs/configuration.md)"
            } else {
                reason = "cannot be read (\(Self.describe(error)))"
            }
            throw ConfigurationError(file: path, field: nil, reason)
        }
        return try parse(data, file: path)
    }

    /// Checks the configuration in `data`, as if read from `file` (relative paths are taken
    /// relative to the folder of `file`).
    static func parse(_ data: Data, file: String) throws(ConfigurationError) -> TerminalConfiguration {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ConfigurationError(file: file, field: nil, "not valid JSON (\(describe(error)))")
        }
        guard case .object(let fields) = root else {
            throw ConfigurationError(file: file, field: nil, "expected a JSON object at the top level, found \(root.kind)")
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : folder.appendingPathComponent(path).standardizedFileURL.path
        }
        let top = ConfigurationObject(file: file, path: "", fields: fields)

        // Read in the order of the documentation, so the first problem reported is the first in the file.
        let reader = try top.string("reader")
        let readerProfiles = try top.string("readerProfiles").map(resolve)

        var journal = JournalSettings()
        if let section = try top.object("journal") {
            if let path = try section.string("path") { journal.path = resolve(path) }
            if let size = try journalSize(section) { journal.size = size }
            if let recordSize = try section.integer("recordSize", in: 512...4096, unit: "bytes") {
                guard JournalSettings.recordSizes.contains(Int(recordSize)) else {
                    throw section.error("recordSize", "must be 512, 1024, 2048 or 4096, not \(recordSize)")
                }
                journal.recordSize = Int(recordSize)
            }
            try section.finish()
        }

        let programme = try programmeSource(top, resolve: resolve)

        guard let trustSection = try top.object("trust") else {
            throw top.error(
                "trust", "required: the issuer key cards are checked against (issuerPublicKey or issuerFile) and the programme id")
        }
        let trust = try trustSettings(trustSection, resolve: resolve)

        guard let credential = try top.string("terminalCredentialFile") else {
            throw top.error(
                "terminalCredentialFile", "required: the terminal's enrolment file (loyalty-sim issuer enrol-terminal, or from the issuer)")
        }

        var configuration = TerminalConfiguration(file: file, trust: trust, terminalCredentialFile: resolve(credential))
        configuration.reader = reader
        configuration.readerProfiles = readerProfiles
        configuration.journal = journal
        configuration.programme = programme

        if let section = try top.object("backOffice") {
            guard let url = try section.string("url") else {
                throw section.error("url", "required in backOffice (remove the section when there is none)")
            }
            guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
                let host = parsed.host, !host.isEmpty
            else {
                throw section.error("url", "\"\(url)\" is not an http:// or https:// URL with a host")
            }
            var backOffice = BackOfficeSettings(url: url.hasSuffix("/") ? String(url.dropLast()) : url)
            if let timeout = try section.integer("timeoutSeconds", in: 1...120, unit: "seconds") {
                backOffice.timeoutSeconds = Int(timeout)
            }
            if let interval = try section.integer("documentIntervalSeconds", in: 1...86_400, unit: "seconds") {
                backOffice.documentIntervalSeconds = Int(interval)
            }
            if let interval = try section.integer("statusIntervalSeconds", in: 1...86_400, unit: "seconds") {
                backOffice.statusIntervalSeconds = Int(interval)
            }
            if let budget = try section.integer("lookupBudgetMilliseconds", in: 50...5_000, unit: "milliseconds") {
                backOffice.lookupBudgetMilliseconds = Int(budget)
            }
            if let unsafe = try section.bool("unsafePlainHTTP") {
                guard !unsafe || scheme == "http" else { throw section.error("unsafePlainHTTP", "only for an http:// url") }
                backOffice.unsafePlainHTTP = unsafe
            }
            guard scheme == "https" || backOffice.unsafePlainHTTP else {
                throw section.error(
                    "url",
                    "\"\(url)\" is plain HTTP: anyone on the network could read and change the terminal's traffic; use https:// (in a lab only: backOffice.unsafePlainHTTP true)"
                )
            }
            if let caFile = try section.string("caFile") {
                guard scheme == "https" else { throw section.error("caFile", "only for an https:// url") }
                backOffice.caFile = resolve(caFile)
            }
            if let skew = try section.integer("maximumClockSkewSeconds", in: 1...86_400, unit: "seconds") {
                backOffice.maximumClockSkewSeconds = Int(skew)
            }
            try section.finish()
            configuration.backOffice = backOffice
        }

        if let standalone = try top.bool("standalone") {
            guard !standalone || configuration.backOffice == nil else {
                throw top.error("standalone", "a standalone terminal has no back office: remove backOffice or set standalone to false")
            }
            configuration.standalone = standalone
        }

        if let section = try top.object("posAPI") {
            if let host = try section.string("host") { configuration.posAPI.host = host }
            if let port = try section.integer("port", in: 0...65_535) { configuration.posAPI.port = Int(port) }
            configuration.posAPI.tokenFile = try section.string("tokenFile").map(resolve)
            if section.value("token") != nil {
                throw section.error(
                    "token",
                    "the token is never written in the configuration: put it in a file readable only by the terminal's user and name that file in posAPI.tokenFile"
                )
            }
            if let bytes = try section.integer("maximumBodyBytes", in: 1024...(1 << 20), unit: "bytes") {
                configuration.posAPI.maximumBodyBytes = Int(bytes)
            }
            configuration.posAPI.unixSocket = try section.string("unixSocket").map(resolve)
            if let bytes = try section.integer("maximumHeaderBytes", in: 1024...(1 << 20), unit: "bytes") {
                configuration.posAPI.maximumHeaderBytes = Int(bytes)
            }
            if let seconds = try section.integer("idleTimeoutSeconds", in: 1...3600, unit: "seconds") {
                configuration.posAPI.idleTimeoutSeconds = Int(seconds)
            }
            if let seconds = try section.integer("requestTimeoutSeconds", in: 1...600, unit: "seconds") {
                configuration.posAPI.requestTimeoutSeconds = Int(seconds)
            }
            if !configuration.posAPI.isLocalOnly && configuration.posAPI.tokenFile == nil {
                throw section.error(
                    "tokenFile",
                    "required when posAPI.host (\(configuration.posAPI.host)) is not a loopback address: every request from the network must carry the POS's token (or listen on 127.0.0.1 or posAPI.unixSocket)"
                )
            }
            try section.finish()
        }

        if let section = try top.object("tap") {
            if let wait = try section.integer("defaultWaitSeconds", in: 1...600, unit: "seconds") {
                configuration.defaultWaitSeconds = Int(wait)
            }
            if let maximum = try section.integer("maximumWaitSeconds", in: 1...600, unit: "seconds") {
                configuration.maximumWaitSeconds = Int(maximum)
            }
            guard configuration.defaultWaitSeconds <= configuration.maximumWaitSeconds else {
                throw section.error(
                    "defaultWaitSeconds",
                    "\(configuration.defaultWaitSeconds) is above tap.maximumWaitSeconds (\(configuration.maximumWaitSeconds))")
            }
            try section.finish()
        }

        if let interval = try top.integer("metricsIntervalSeconds", in: 1...3600, unit: "seconds") {
            configuration.metricsIntervalSeconds = Int(interval)
        }

        if let level = try top.string("logLevel") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw top.error("logLevel", "\"\(level)\" is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            configuration.logLevel = parsed
        }
        try top.finish()
        return configuration
    }

    private static func journalSize(_ section: ConfigurationObject) throws(ConfigurationError) -> Int64? {
        guard let value = section.value("size") else { return nil }
        let bytes: Int64
        switch value {
        case .integer(let number):
            bytes = number
        case .string(let text):
            guard let parsed = JournalCLI.parseSize(text.trimmingCharacters(in: .whitespaces)) else {
                throw section.error("size", "\"\(text)\" is not a size: write bytes (16777216) or a size with K, M or G (\"16M\")")
            }
            bytes = parsed
        default:
            throw section.error("size", "expected bytes (16777216) or a size such as \"16M\", found \(value.kind)")
        }
        let range = JournalSettings.sizeRange
        guard range.contains(bytes) else {
            throw section.error(
                "size", "\(bytes) bytes is out of range: must be from 64K (\(range.lowerBound)) to 64G (\(range.upperBound))")
        }
        return bytes
    }

    private static func programmeSource(
        _ top: ConfigurationObject, resolve: (String) -> String
    ) throws(ConfigurationError) -> ProgrammeSource {
        guard let value = top.value("programme") else { return .embeddedDemo }
        switch value {
        case .string("embedded-demo"):
            return .embeddedDemo
        case .object(let fields):
            let section = ConfigurationObject(file: top.file, path: "programme", fields: fields)
            guard let path = try section.string("file") else {
                throw section.error("file", "required: the signed programme file (or write \"programme\": \"embedded-demo\")")
            }
            guard let keys = try section.object("trustedKeys") else {
                throw section.error("trustedKeys", "required: the back-office keys that may sign the programme, {\"key-id\": \"04...\"}")
            }
            var trusted: [String: String] = [:]
            for name in keys.allKeys {
                guard let hex = try keys.string(name) else { throw keys.error(name, "expected a public key in hex, found null") }
                guard let bytes = HexKey.decode(hex), bytes.count == 65 || bytes.count == 64 else {
                    throw keys.error(name, "not a P-256 public key in hex (65 bytes starting 04, or 64 bytes x‖y)")
                }
                trusted[name] = hex
            }
            guard !trusted.isEmpty else { throw section.error("trustedKeys", "must name at least one key") }
            try keys.finish()
            try section.finish()
            return .file(path: resolve(path), trustedKeys: trusted)
        default:
            throw top.error("programme", "expected \"embedded-demo\" or an object with file and trustedKeys, found \(value.kind)")
        }
    }

    private static func trustSettings(
        _ section: ConfigurationObject, resolve: (String) -> String
    ) throws(ConfigurationError) -> TrustSettings {
        let publicKey = try section.string("issuerPublicKey")
        let issuerFile = try section.string("issuerFile")
        let issuer: IssuerKeySource
        switch (publicKey, issuerFile) {
        case (let key?, nil):
            guard let bytes = HexKey.decode(key), bytes.count == 65, bytes.first == 0x04 else {
                throw section.error("issuerPublicKey", "not a P-256 public key: 130 hex digits starting with 04")
            }
            issuer = .publicKey(key)
        case (nil, let file?):
            issuer = .file(resolve(file))
        case (nil, nil):
            throw section.error("issuerPublicKey", "required: the issuer's public key (or trust.issuerFile, an issuer file)")
        case (.some, .some):
            throw section.error("issuerFile", "give either trust.issuerPublicKey or trust.issuerFile, not both")
        }
        var trust = TrustSettings(issuer: issuer)
        if let id = try section.integer("programmeID", in: 0...Int64(UInt32.max)) { trust.programmeID = UInt32(id) }
        if case .publicKey = issuer, trust.programmeID == nil {
            throw section.error("programmeID", "required with trust.issuerPublicKey: the card programme id the issuer signs cards for")
        }
        if let accept = try section.bool("acceptTestCards") { trust.acceptTestCards = accept }
        trust.blockListFile = try section.string("blockListFile").map(resolve)
        try section.finish()
        return trust
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? CocoaError, let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error {
            return "\(underlying.localizedDescription)"
        }
        if let error = error as? DecodingError {
            switch error {
            case .dataCorrupted(let context):
                let underlying = (context.underlyingError).map { " \($0)" } ?? ""
                return context.debugDescription + underlying
            default:
                return "\(error)"
            }
        }
        return error.localizedDescription
    }
}

/// Hex of keys in the configuration (either case, surrounding blanks ignored).
enum HexKey {
    static func decode(_ text: String) -> [UInt8]? {
        let clean = text.trimmingCharacters(in: .whitespaces)
        guard !clean.isEmpty else { return nil }
        return HexText.decode(clean)
    }
}
