import LedgerFormat
import Logging
import LoyaltyJournal
import MemberCard
import PointsEngine
import Synchronization
import Timekeeping

/// The checkout flow of one terminal with one reader.
///
/// A request waits for a tap, then: read and verify the card, settle this card's transactions
/// in doubt, apply the programme, journal the transaction (durable), write the new state to
/// the card, answer. One request at a time: a second one is refused as `busy`.
/// See `docs/checkout.md` for the ordering and what happens when a card leaves or the power
/// fails between the journal and the card.
public final class CheckoutService: Sendable {
    public let configuration: CheckoutConfiguration
    public let journal: Journal
    /// The programme in force and the request rules drawn from it: the configured programme
    /// until sync delivers a newer one (``updateProgramme(_:)``).
    private let programmeInForce: Mutex<ProgrammeInForce>
    /// Event bonuses the back office granted, by member id (delivered by sync).
    private let grants = Mutex<[String: [EventGrant]]>([:])
    /// Replacement cards' starting states, by card key id (delivered by sync).
    let replacements = Mutex<[String: ReplacementStart]>([:])
    /// Points adjustments the back office settled, by member id (delivered by sync).
    let adjustments = Mutex<[String: [PointsAdjustment]]>([:])
    /// Where UID-only members' states are asked for while online (the back office).
    let memberLookup = Mutex<MemberLookupBox?>(nil)
    /// Where UID-only members' states are kept across restarts.
    let uidStateFile = Mutex<UIDStateFile?>(nil)
    private let documentRefusals = Mutex<[String]>([])
    let connector: any CardConnector
    /// The time of day stamped on transactions (and the programme's days and offline limits).
    let wallTime: any WallTime
    /// The clock a request's wait for a tap runs on.
    let clock: any Clock<Duration>
    let logger: Logger
    /// The card side, with the trust policy in force (the block list changes by sync).
    private let cardTerminal: Mutex<MemberCardTerminal>
    var terminal: MemberCardTerminal { cardTerminal.withLock { $0 } }
    let metrics = CheckoutMetrics()
    let state: Mutex<ServiceState>
    let appendObserver = Mutex<AppendObserver?>(nil)
    /// The managers list, the approval tokens given, the wrong PINs.
    let approvals = ApprovalDesk()
    /// Approvals proved for requests under way (a redemption over the limits, a refund without
    /// the receipt), by request id, until the request is answered.
    let approvedRequests = Mutex<[String: ApprovalRecord]>([:])

    /// The closure told of every append, in a struct: a bare closure kept in a `Mutex` and read
    /// with `withLock { $0 }` is, at -Onone, wrapped in a pair of reabstraction thunks at every
    /// read, and the wrapped copy is written back (swiftlang/swift#91348). Each append then left
    /// two heap objects and two more stack frames on every later call: the terminal's memory
    /// grew with every sale while a back office was configured. A closure stored as a field of
    /// a concrete type is not reabstracted.
    struct AppendObserver: Sendable {
        let notify: @Sendable () -> Void
    }

    struct ServiceState {
        var index = LedgerIndex()
        /// Answers given that left nothing in the journal.
        var recent = RecentAnswers()
        var pending: Pending?
        var online = false
        var lastSync: Timestamp?
        var closed = false
        /// Enrolments whose card was completed in this run (the others are finished by a tap).
        var completedEnrolments: Set<UInt64> = []
    }

    /// The request waiting for (or in) a tap.
    struct Pending {
        var requestId: String?
        var task: Task<CheckoutAnswer, Never>?
        /// Once the card is connected the request can no longer be cancelled.
        var tapping = false
        var cancelled = false
    }

    /// Opens the flow over an open journal, rebuilding the index of sales and the transactions
    /// in doubt from it.
    public init(
        configuration: CheckoutConfiguration, journal: Journal, connector: any CardConnector,
        wallTime: any WallTime = SystemWallTime(), clock: any Clock<Duration> = ContinuousClock(), logger: Logger
    ) throws(CheckoutStartError) {
        self.configuration = configuration
        self.journal = journal
        self.connector = connector
        self.wallTime = wallTime
        self.clock = clock
        self.logger = logger
        cardTerminal = Mutex(MemberCardTerminal(policy: configuration.policy, logger: logger))
        programmeInForce = Mutex(ProgrammeInForce(engine: configuration.engine, maximumWaitSeconds: configuration.maximumWaitSeconds))
        state = Mutex(ServiceState(index: try Self.rebuildIndex(from: journal, logger: logger)))
    }

    static func rebuildIndex(from journal: Journal, logger: Logger) throws(CheckoutStartError) -> LedgerIndex {
        var index = LedgerIndex()
        do {
            let statistics = try journal.statistics()
            var cursor = try journal.transactions(from: statistics.oldestSequence)
            while let transaction = try cursor.next() {
                if let entry = LedgerEntry.decode(transaction.payload) {
                    index.apply(entry, sequence: transaction.sequence)
                } else {
                    index.skipForeign()
                }
            }
        } catch {
            throw CheckoutStartError("the journal could not be read: \(error)")
        }
        logger.info(
            "checkout index rebuilt",
            metadata: [
                "answers": "\(index.given.count)", "sales": "\(index.sales.count)",
                "inDoubt": "\(index.inDoubtCount)", "foreign": "\(index.foreignPayloads)",
            ])
        return index
    }

    // MARK: Requests (the POS API's `CheckoutHandling`)

    /// Validates the sale, waits for a tap, applies it, journals it, writes the card, answers.
    public func sale(_ request: SaleRequest) async -> CheckoutAnswer { await handle(.sale(request)) }

    /// Validates the refund, finds the sale (this journal, the back office, the receipt), waits
    /// for a tap of the member's card (or goes on without it), takes back its points.
    public func refund(_ request: RefundRequest) async -> CheckoutAnswer { await handle(.refund(request, nil)) }

    /// Validates the enrolment, refuses it at once when it cannot be made, waits for a blank
    /// card, personalises it for a new member.
    public func enrol(_ request: EnrolmentRequest) async -> CheckoutAnswer { await handle(.enrolment(request)) }

    /// Validates the enquiry, waits for a tap, shows the balance.
    public func balance(_ request: BalanceRequest) async -> CheckoutAnswer { await handle(.balance(request)) }

    public func cancel(requestId: String) async -> CancelOutcome {
        let task = state.withLock { state -> Task<CheckoutAnswer, Never>?? in
            guard var pending = state.pending, pending.requestId == requestId else { return nil }
            guard !pending.tapping else { return .some(nil) }
            pending.cancelled = true
            state.pending = pending
            return .some(pending.task)
        }
        switch task {
        case .none:
            let answered = state.withLock { $0.index.given[requestId] != nil || $0.recent[requestId] != nil }
            return answered ? .alreadyFinished : .unknown
        case .some(.none):
            return .alreadyFinished
        case .some(.some(let task)):
            task.cancel()
            return .cancelled
        }
    }

    public func answer(for requestId: String) async -> CheckoutAnswer? {
        state.withLock { state -> CheckoutAnswer? in
            if let given = state.index.given[requestId], let answer = given.entry.answer {
                return Self.replay(answer, sequence: given.sequence)
            }
            return state.recent[requestId].map { answer in
                var answer = answer
                answer.replayed = true
                return answer
            }
        }
    }

    public func health() async -> HealthReport {
        let presence = await connector.presence()
        let programme = engine.programme
        var problems: [String] = []
        let statistics = try? journal.statistics()
        if statistics == nil { problems.append("the journal cannot be read") }
        if !presence.readerPresent { problems.append("reader \(presence.reader ?? "(first)") is not available") }
        if let statistics, statistics.freeRecords < Int64(journal.geometry.maxRecordsPerTransaction) {
            problems.append("the journal is full: \(statistics.waitingRecords) records wait for sync")
        }
        let inDoubt = state.withLock { $0.index.inDoubtCount }
        let blocked = cardTerminal.withLock { $0.policy.blockedMembers.count }
        return HealthReport(
            status: problems.isEmpty ? "ok" : "degraded", terminalId: configuration.terminalID,
            reader: presence.reader, readerPresent: presence.readerPresent, cardPresent: presence.cardPresent,
            programme: programme.programmeId, programmeVersion: programme.version,
            journalCapacityRecords: statistics?.capacityRecords ?? 0, journalWaitingRecords: statistics?.waitingRecords ?? 0,
            journalLastSequence: statistics?.lastSequence ?? 0, inDoubt: inDoubt, blockedMembers: blocked, problems: problems,
            documentRefusals: documentRefusals.withLock { $0.isEmpty ? nil : $0 })
    }

    /// Tells the flow whether the back office is reachable and when the terminal last synced
    /// (the programme's offline limits depend on it). The sync service calls it; at start the
    /// terminal gives the last sync it kept from before the restart.
    public func setConnectivity(online: Bool, lastSync: Timestamp?) {
        state.withLock {
            $0.online = online
            $0.lastSync = lastSync
        }
    }

    /// When the terminal last synced, as the offline limits see it now (`nil`: never).
    public var lastSync: Timestamp? { state.withLock { $0.lastSync } }

    /// Whether the back office is reachable and when the terminal last synced, as the engine
    /// sees them at `now`. A last sync later than `now` (the clock was set back since) is taken
    /// as `now` and kept so: the offline window then counts from the first tap that saw it,
    /// once, instead of letting every offline redemption pass until the clock catches up.
    func connectivity(at now: Timestamp) -> (online: Bool, lastSync: Timestamp?) {
        let (seen, clamped) = state.withLock { state in
            var clamped: Timestamp?
            if let last = state.lastSync, last > now {
                clamped = last
                state.lastSync = now
            }
            return ((state.online, state.lastSync), clamped)
        }
        if let clamped {
            logger.warning(
                "the last sync is later than the clock: counted from now",
                metadata: ["lastSync": "\(clamped.secondsSinceEpoch)", "now": "\(now.secondsSinceEpoch)"])
        }
        return seen
    }

    /// Refuses, from the next tap on, the cards of `members` (the configured block list and the
    /// one downloaded from the back office, together).
    public func updateBlockedMembers(_ members: Set<String>) {
        updatePolicy { $0.blockedMembers = members }
        logger.notice("block list in force", metadata: ["members": "\(members.count)"])
    }

    /// Refuses, from the next tap on, the cards of `members`, erased at their request
    /// (`member-erased`; the downloaded block list's `erased`).
    public func updateErasedMembers(_ members: Set<String>) {
        updatePolicy { $0.erasedMembers = members }
        logger.notice("erased members in force", metadata: ["members": "\(members.count)"])
    }

    /// Refuses, from the next tap on, card states signed by `terminals` (revoked by the back office),
    /// and the members they enrolled above the last number `enrolmentsHonoured` keeps for each.
    public func updateRevokedTerminals(_ terminals: Set<UInt32>, enrolmentsHonoured: [UInt32: UInt32] = [:]) {
        updatePolicy {
            $0.revokedTerminals = terminals
            $0.enrolmentsHonoured = enrolmentsHonoured
        }
        logger.notice(
            "revoked terminals in force",
            metadata: [
                "terminals": "\(terminals.sorted())",
                "enrolmentsHonoured": "\(enrolmentsHonoured.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" })",
            ])
    }

    func updatePolicy(_ change: (inout TrustPolicy) -> Void) {
        cardTerminal.withLock { terminal in
            var policy = terminal.policy
            change(&policy)
            terminal = MemberCardTerminal(policy: policy, logger: logger)
        }
    }

    /// The engine in force: the configured programme, or a newer one delivered by sync.
    public var engine: PointsEngine { programmeInForce.withLock { $0.engine } }

    /// The rules requests are checked against (they follow the programme in force).
    public var rules: RequestRules { programmeInForce.withLock { $0.rules } }

    /// Applies `engine`'s programme from the next request on (a request already waiting for its
    /// tap keeps the rules it was checked against, and is evaluated with the new programme).
    public func updateProgramme(_ engine: PointsEngine) {
        programmeInForce.withLock { $0 = ProgrammeInForce(engine: engine, maximumWaitSeconds: configuration.maximumWaitSeconds) }
        logger.notice(
            "programme in force",
            metadata: [
                "programme": "\(engine.programme.programmeId)", "version": "\(engine.programme.version)",
            ])
    }

    /// Pays these event bonuses at each member's next tap (the card keeps the highest grant
    /// number paid, so a grant is paid once whichever terminal delivers it).
    public func updateGrants(_ grants: [String: [EventGrant]]) {
        self.grants.withLock { $0 = grants }
        logger.notice("event grants in force", metadata: ["members": "\(grants.count)"])
    }

    /// The downloaded documents the terminal refused (a forged or replayed one), each with its
    /// reason, shown by ``health()``; the documents in force stay.
    public func setDocumentRefusals(_ refusals: [String]) {
        documentRefusals.withLock { $0 = refusals }
    }

    /// The grants waiting for `member`.
    func grants(for member: String) -> [EventGrant] { grants.withLock { $0[member] ?? [] } }

    /// Called after every transaction the checkout journals (the sync service uploads it at once).
    public func observeAppends(_ observer: @escaping @Sendable () -> Void) {
        appendObserver.withLock { $0 = AppendObserver(notify: observer) }
    }

    /// The refusals answered since the last call, by code (the terminal's status report carries
    /// them to the back office), counting from none again.
    public func takeRefusalCounts() -> [String: Int] { metrics.refusals.take() }

    /// Answers the checkout remembers for retries (bounded by what the journal retains).
    public var rememberedAnswers: Int { state.withLock { $0.index.given.count } }

    /// Transactions journaled whose card write is not confirmed.
    public var inDoubtCount: Int { state.withLock { $0.index.inDoubtCount } }

    /// Refuses new requests, waits for the running one, and journals the card writes confirmed
    /// (and the transactions left unresolved) since the last entry, so that a restart finds
    /// nothing in doubt that was not.
    public func shutdown() async {
        let running = state.withLock { state -> Task<CheckoutAnswer, Never>? in
            state.closed = true
            return state.pending?.task
        }
        _ = await running?.value
        saveUIDStates()
        let settlements = state.withLock { $0.index.takeSettlements() }
        guard !settlements.isEmpty else { return }
        var entry = LedgerEntry(kind: .checkpoint, terminalId: configuration.terminalID, time: now().secondsSinceEpoch)
        entry.confirmed = settlements.confirmed
        entry.unresolved = settlements.unresolved.isEmpty ? nil : settlements.unresolved
        do {
            let sequence = try journal.append(try entry.encoded())
            logger.info(
                "checkpoint journaled",
                metadata: [
                    "sequence": "\(sequence)", "confirmed": "\(settlements.confirmed.count)",
                    "unresolved": "\(settlements.unresolved.count)",
                ])
        } catch {
            logger.warning("checkpoint not journaled: \(error)")
        }
    }

    /// The time of day now, in the engine's terms.
    public func now() -> Timestamp { Timestamp(secondsSinceEpoch: wallTime.secondsSinceEpoch()) }

    static func replay(_ answer: CheckoutAnswer, sequence: UInt64) -> CheckoutAnswer {
        var answer = answer
        answer.journalSequence = sequence
        answer.replayed = true
        return answer
    }
}

/// The programme the checkout applies, and the request rules that follow from it.
struct ProgrammeInForce: Sendable {
    var engine: PointsEngine
    var rules: RequestRules

    init(engine: PointsEngine, maximumWaitSeconds: Int) {
        self.engine = engine
        rules = RequestRules(programme: engine.programme, maximumWaitSeconds: maximumWaitSeconds)
    }
}
