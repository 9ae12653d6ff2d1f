/// How the terminal's sync service uploads (see `docs/sync-protocol.md`, "The terminal side").
public struct SyncSettings: Sendable {
    /// The back office's base URL (no trailing slash), e.g. `https://backoffice.example.com`.
    public var url: String
    /// Longest wait for one answer.
    public var timeout: Duration
    /// The most transactions one batch carries.
    public var maximumBatchTransactions: Int
    /// The most bytes one batch body carries (a transaction larger than this goes alone).
    public var maximumBatchBytes: Int
    /// How often the journal is looked at when nothing waits (an append also wakes the service).
    public var idleInterval: Duration
    /// The first wait after a failure; each further failure doubles it, up to ``maximumBackoff``.
    public var initialBackoff: Duration
    /// The longest wait between tries: how soon at worst a returning network is noticed.
    public var maximumBackoff: Duration
    /// How often, when nothing waits, the service asks for newer documents (and so confirms the
    /// back office is reachable).
    public var documentInterval: Duration
    /// The shortest time between two status reports (`POST /v1/terminal-status`), sent when a
    /// sync cycle ends with nothing left to upload.
    public var statusInterval: Duration

    public init(
        url: String, timeout: Duration = .seconds(10), maximumBatchTransactions: Int = 500, maximumBatchBytes: Int = 512 << 10,
        idleInterval: Duration = .seconds(2), initialBackoff: Duration = .milliseconds(500), maximumBackoff: Duration = .seconds(30),
        documentInterval: Duration = .seconds(60), statusInterval: Duration = .seconds(60)
    ) {
        self.url = url
        self.timeout = timeout
        self.maximumBatchTransactions = maximumBatchTransactions
        self.maximumBatchBytes = maximumBatchBytes
        self.idleInterval = idleInterval
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.documentInterval = documentInterval
        self.statusInterval = statusInterval
    }
}
