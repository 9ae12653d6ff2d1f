import Logging
import LoyaltyJournal
import PointsEngine

/// The checkout flow of one terminal with one reader.
public final class CheckoutService: CheckoutHandling {
    public let configuration: CheckoutConfiguration
    public let journal: Journal
    public let rules: RequestRules
    let connector: any CardConnector
    let clock: any CheckoutClock
    let logger: Logger

    /// Opens the flow over an open journal, rebuilding the index of sales and the transactions
    /// in doubt from it.
    public init(
        configuration: CheckoutConfiguration, journal: Journal, connector: any CardConnector,
        clock: any CheckoutClock = SystemCheckoutClock(), logger: Logger
    ) throws(CheckoutStartError) {
        self.configuration = configuration
        self.journal = journal
        self.connector = connector
        self.clock = clock
        self.logger = logger
        rules = RequestRules(programme: configuration.engine.programme, maximumWaitSeconds: configuration.maximumWaitSeconds)
    }

    public func sale(_ request: SaleRequest) async -> CheckoutAnswer { CheckoutAnswer(outcome: .refused, kind: .sale) }
    public func refund(_ request: RefundRequest) async -> CheckoutAnswer { CheckoutAnswer(outcome: .refused, kind: .refund) }
    public func balance(_ request: BalanceRequest) async -> CheckoutAnswer { CheckoutAnswer(outcome: .refused, kind: .balance) }
    public func cancel(requestId: String) async -> CancelOutcome { .unknown }
    public func answer(for requestId: String) async -> CheckoutAnswer? { nil }
    public func health() async -> HealthReport {
        HealthReport(status: "degraded", terminalId: configuration.terminalID, reader: nil, readerPresent: false, cardPresent: false,
                     programme: configuration.engine.programme.programmeId, programmeVersion: configuration.engine.programme.version,
                     journalCapacityRecords: 0, journalWaitingRecords: 0, journalLastSequence: 0, inDoubt: 0, problems: [])
    }

    /// Tells the flow whether the back office is reachable and when the terminal last synced
    /// (the programme's offline limits depend on it). The sync service calls it.
    public func setConnectivity(online: Bool, lastSync: Timestamp?) {}
}

/// Why the checkout could not start.
public struct CheckoutStartError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
