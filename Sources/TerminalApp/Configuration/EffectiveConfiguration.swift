/// The configuration as `run --print-config` shows it: every field with its default filled in
/// and every path made absolute, in the layout of the configuration file. The token itself is
/// never shown, only the file it is read from.
struct EffectiveConfiguration: Encodable {
    struct Journal: Encodable {
        var path: String
        var size: Int64
        var recordSize: Int
    }

    struct Programme: Encodable {
        var source: String
        var file: String?
        var trustedKeys: [String: String]?
    }

    struct Trust: Encodable {
        var issuerPublicKey: String?
        var issuerFile: String?
        var programmeID: UInt32?
        var acceptTestCards: Bool
        var blockListFile: String?
    }

    struct BackOffice: Encodable {
        var url: String
        var timeoutSeconds: Int
        var documentIntervalSeconds: Int
        var statusIntervalSeconds: Int
        var lookupBudgetMilliseconds: Int
        var unsafePlainHTTP: Bool
        var caFile: String?
        var maximumClockSkewSeconds: Int
    }

    struct POSAPI: Encodable {
        var host: String
        var port: Int
        var tokenFile: String?
        var maximumBodyBytes: Int
        var unixSocket: String?
        var maximumHeaderBytes: Int
        var idleTimeoutSeconds: Int
        var requestTimeoutSeconds: Int
    }

    struct Tap: Encodable {
        var defaultWaitSeconds: Int
        var maximumWaitSeconds: Int
    }

    var configurationFile: String
    var reader: String
    var readerProfiles: String
    var journal: Journal
    var programme: Programme
    var trust: Trust
    var terminalCredentialFile: String
    var backOffice: BackOffice?
    var standalone: Bool
    var posAPI: POSAPI
    var tap: Tap
    var metricsIntervalSeconds: Int
    var logLevel: String

    init(_ c: TerminalConfiguration) {
        configurationFile = c.file
        reader = c.reader ?? "(the first reader pcscd lists)"
        readerProfiles =
            c.readerProfiles ?? "(search path: $LOYALTY_READER_PROFILES, ../share/loyalty-terminal/readers, ./hardware/readers)"
        journal = Journal(path: c.journal.path, size: c.journal.size, recordSize: c.journal.recordSize)
        switch c.programme {
        case .embeddedDemo:
            programme = Programme(source: "embedded-demo", file: nil, trustedKeys: nil)
        case .file(let path, let keys):
            programme = Programme(source: "file", file: path, trustedKeys: keys)
        }
        var trust = Trust(acceptTestCards: c.trust.acceptTestCards, blockListFile: c.trust.blockListFile)
        switch c.trust.issuer {
        case .publicKey(let key): trust.issuerPublicKey = key
        case .file(let path): trust.issuerFile = path
        }
        trust.programmeID = c.trust.programmeID
        self.trust = trust
        terminalCredentialFile = c.terminalCredentialFile
        backOffice = c.backOffice.map {
            BackOffice(
                url: $0.url, timeoutSeconds: $0.timeoutSeconds, documentIntervalSeconds: $0.documentIntervalSeconds,
                statusIntervalSeconds: $0.statusIntervalSeconds, lookupBudgetMilliseconds: $0.lookupBudgetMilliseconds,
                unsafePlainHTTP: $0.unsafePlainHTTP, caFile: $0.caFile, maximumClockSkewSeconds: $0.maximumClockSkewSeconds)
        }
        standalone = c.standalone
        posAPI = POSAPI(
            host: c.posAPI.host, port: c.posAPI.port, tokenFile: c.posAPI.tokenFile, maximumBodyBytes: c.posAPI.maximumBodyBytes,
            unixSocket: c.posAPI.unixSocket, maximumHeaderBytes: c.posAPI.maximumHeaderBytes,
            idleTimeoutSeconds: c.posAPI.idleTimeoutSeconds, requestTimeoutSeconds: c.posAPI.requestTimeoutSeconds)
        tap = Tap(defaultWaitSeconds: c.defaultWaitSeconds, maximumWaitSeconds: c.maximumWaitSeconds)
        metricsIntervalSeconds = c.metricsIntervalSeconds
        logLevel = c.logLevel.rawValue
    }
}

extension EffectiveConfiguration.Trust {
    init(acceptTestCards: Bool, blockListFile: String?) {
        self.acceptTestCards = acceptTestCards
        self.blockListFile = blockListFile
    }
}
