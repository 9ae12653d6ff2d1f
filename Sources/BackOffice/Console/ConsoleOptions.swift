import BackOfficeReports
import Foundation

/// How the console behaves.
public struct ConsoleOptions: Sendable {
    /// Whether the console is served over TLS: its cookies then carry `Secure`.
    public var secureCookies: Bool
    /// The back office's clock, ms since the Unix epoch.
    public var clock: @Sendable () -> Int64
    /// A session unused this long ends (ms; 30 minutes).
    public var idleLimit: Int64
    /// A session ends this long after sign-in whatever its use (ms; 12 hours).
    public var absoluteLimit: Int64
    /// Failed sign-ins for one user name, or from one address, within ``signInWindow`` before
    /// further attempts answer 429.
    public var signInFailureLimit: Int
    /// The rate limit's window (ms; 15 minutes).
    public var signInWindow: Int64
    /// Where times are shown (the server's time zone by default).
    public var timeZone: TimeZone
    /// When a terminal needs a technician (the terminals page).
    public var fleetThresholds = FleetThresholds()
    /// Acts that need the App's services (signing); nil: the pages say they are not available.
    public var actions: (any ConsoleActions)?

    public init(
        secureCookies: Bool = false, clock: @escaping @Sendable () -> Int64 = ConsoleOptions.systemClock,
        idleLimit: Int64 = 30 * 60_000, absoluteLimit: Int64 = 12 * 3_600_000, signInFailureLimit: Int = 5,
        signInWindow: Int64 = 15 * 60_000, timeZone: TimeZone = .current
    ) {
        self.secureCookies = secureCookies
        self.clock = clock
        self.idleLimit = idleLimit
        self.absoluteLimit = absoluteLimit
        self.signInFailureLimit = signInFailureLimit
        self.signInWindow = signInWindow
        self.timeZone = timeZone
    }

    /// The system's wall clock in ms.
    @Sendable public static func systemClock() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
