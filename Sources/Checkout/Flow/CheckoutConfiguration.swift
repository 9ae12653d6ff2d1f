import CardProfile
import MemberCard
import PCSC
import PointsEngine

/// Everything the checkout flow needs besides the journal and the reader.
public struct CheckoutConfiguration: Sendable {
    /// This terminal's identity and signing key (enrolled by the issuer).
    public var credential: TerminalCredential
    /// The issuer key, programme id and block list the cards are checked against.
    public var policy: TrustPolicy
    /// The programme the checkout starts with (sync may replace it with a newer version).
    public var engine: PointsEngine
    /// How long a request waits for a tap when it does not say.
    public var defaultWait: Duration
    /// The longest wait a request may ask for.
    public var maximumWaitSeconds: Int
    /// Whether cards known by their UID only (no member-card application) take part; their
    /// state is kept in this terminal's journal and the programme's `uidOnly` limits apply.
    public var acceptUIDOnlyCards: Bool
    /// The reader profiles (`hardware/readers`): at every tap the profile of the card's reader
    /// gives the command that reads a UID-only card's UID.
    public var readerProfiles: ReaderProfileCatalog

    public init(
        credential: TerminalCredential, policy: TrustPolicy, engine: PointsEngine,
        defaultWait: Duration = .seconds(30), maximumWaitSeconds: Int = 120, acceptUIDOnlyCards: Bool = true,
        readerProfiles: ReaderProfileCatalog = .builtIn
    ) {
        self.acceptUIDOnlyCards = acceptUIDOnlyCards
        self.readerProfiles = readerProfiles
        self.credential = credential
        self.policy = policy
        self.engine = engine
        self.defaultWait = defaultWait
        self.maximumWaitSeconds = maximumWaitSeconds
    }

    /// The terminal's id.
    public var terminalID: UInt32 { credential.terminalID }
}
