import PointsEngine

/// What a terminal's checkout remembers from its journal: the answers given by request id, the latest
/// record of every sale (for refunds), the transactions in doubt, and the states of members
/// known by UID only. Rebuilt from the journal at start; kept in step with every append.
public struct LedgerIndex: Sendable {
    /// An answer given, with the request it answered (to tell a retry from an id reused).
    public struct Given: Sendable {
        public var sequence: UInt64
        public var entry: LedgerEntry

        public init(sequence: UInt64, entry: LedgerEntry) {
            self.sequence = sequence
            self.entry = entry
        }
    }

    /// The versions of one sale's record, oldest first, with the card that earned it (`nil`:
    /// made without the card) and its member. A sale of another terminal has only the versions
    /// of the refunds made here.
    public struct SaleHistory: Sendable {
        public var card: String?
        public var member: String?
        public var versions: [(sequence: UInt64, record: SaleRecord)]
        public var latest: SaleRecord? { versions.last?.record }
        /// The sale's own sequence, when it is this terminal's and still in the journal.
        public var saleSequence: UInt64?
    }

    /// The key of a sale in ``sales``: its id for this terminal's own sales, `T<terminal>/<id>`
    /// for another terminal's (sale ids are unique per terminal, not across the chain).
    public static func saleKey(_ saleId: String, terminal: UInt32, own: UInt32) -> String {
        terminal == own ? saleId : "T\(terminal)/\(saleId)"
    }

    public private(set) var given: [String: Given] = [:]
    public private(set) var sales: [String: SaleHistory] = [:]
    /// Transactions journaled whose card write is not confirmed, by sequence.
    public private(set) var inDoubt: [UInt64: LedgerEntry] = [:]
    /// Confirmations, and transactions left unresolved, not yet journaled (the next entry
    /// carries them).
    public private(set) var unjournaled = Settlements()
    /// States of members known by UID only (their cards carry none), with the transaction each
    /// comes from.
    public private(set) var uidStates: [String: UIDState] = [:]
    /// The members this terminal enrolled, by phone, as far as its journal remembers.
    public private(set) var enrolledPhones: [String: String] = [:]
    /// The highest enrolment number in the journal.
    public private(set) var lastEnrolmentNumber: UInt32 = 0
    /// Payloads that were not checkout entries (e.g. from `journal stress`).
    public private(set) var foreignPayloads = 0
    /// This terminal's last transaction (not a void or a checkpoint), while it counts: the one a
    /// reversal may undo. `nil` when none, or when it was voided.
    public private(set) var last: Given?

    /// An empty index (a new journal).
    public init() {}

    /// Takes in one journaled transaction.
    public mutating func apply(_ entry: LedgerEntry, sequence: UInt64) {
        for confirmed in entry.confirmed { confirm(confirmed, journaled: true) }
        for unresolved in entry.unresolved ?? [] { leaveUnresolved(unresolved, journaled: true) }
        switch entry.kind {
        case .checkpoint, .survey:
            break
        case .void:
            if let voided = entry.voided { void(voided) }
        case .enrolment:
            last = Given(sequence: sequence, entry: entry)
            if let id = entry.requestId { given[id] = Given(sequence: sequence, entry: entry) }
            if let details = entry.enrolment {
                if let member = entry.member { enrolledPhones[details.phone] = member }
                lastEnrolmentNumber = max(lastEnrolmentNumber, details.number)
            }
        case .sale, .refund, .balance, .adjustment, .reversal:
            last = Given(sequence: sequence, entry: entry)
            if let id = entry.requestId { given[id] = Given(sequence: sequence, entry: entry) }
            if let record = entry.saleRecord {
                let saleTerminal = entry.refund?.saleTerminal ?? entry.terminalId
                let key = Self.saleKey(record.saleId, terminal: saleTerminal, own: entry.terminalId)
                sales[key, default: SaleHistory(card: entry.card, member: entry.member, versions: [])].versions.append((sequence, record))
                if entry.kind == .sale { sales[key]?.saleSequence = sequence }
            }
            if entry.trust == "uid-only", let member = entry.member, let state = entry.memberState() {
                uidStates[member] = UIDState(state: state, time: entry.time, terminal: entry.terminalId, sequence: sequence)
            } else if entry.cardCounter != nil {
                inDoubt[sequence] = entry
            }
        }
    }

    /// Forgets the answers and sale records of transactions before `oldest`, which the journal
    /// no longer retains (the back office has them): the index stays bounded by the journal's
    /// capacity however long the terminal runs. Transactions in doubt and the states of
    /// UID-only members are kept (they are bounded by cards, not by transactions).
    public mutating func forget(before oldest: UInt64) {
        given = given.filter { $0.value.sequence >= oldest }
        for (saleId, history) in sales {
            let kept = history.versions.filter { $0.sequence >= oldest }
            if kept.isEmpty {
                sales[saleId] = nil
            } else if kept.count < history.versions.count {
                sales[saleId]?.versions = kept
            }
        }
    }

    /// Keeps `known` for `member` when it is newer than the state held (a state kept from
    /// before a restart, or the back office's); answers whether it was taken.
    @discardableResult
    public mutating func offer(_ known: UIDState, for member: String) -> Bool {
        if let held = uidStates[member], !(held < known) { return false }
        uidStates[member] = known
        return true
    }

    /// Counts a payload that is not a checkout entry.
    public mutating func skipForeign() { foreignPayloads += 1 }

    /// The card confirmed `sequence` (and, through it, what it carried forward).
    public mutating func confirm(_ sequence: UInt64, journaled: Bool = false) {
        guard let entry = inDoubt.removeValue(forKey: sequence) else { return }
        if !journaled { unjournaled.confirmed.append(sequence) }
        for carried in entry.carriedForward { confirm(carried, journaled: journaled) }
    }

    /// The card cannot tell whether `sequence` reached it: it is no longer in doubt here (the
    /// terminal goes on from the card's state), keeps its answer and sale record (it counts),
    /// and the back office settles it.
    public mutating func leaveUnresolved(_ sequence: UInt64, journaled: Bool = false) {
        guard inDoubt.removeValue(forKey: sequence) != nil else { return }
        if !journaled { unjournaled.unresolved.append(sequence) }
    }

    /// `sequence` will never reach the card: forget its answer and its sale record version.
    private mutating func void(_ sequence: UInt64) {
        if last?.sequence == sequence { last = nil }
        // An enrolment whose card stayed blank: it never happened (rare; a scan of the answers).
        if let enrolment = given.first(where: { $0.value.sequence == sequence && $0.value.entry.kind == .enrolment }) {
            given[enrolment.key] = nil
            if let phone = enrolment.value.entry.enrolment?.phone { enrolledPhones[phone] = nil }
            return
        }
        guard let entry = inDoubt.removeValue(forKey: sequence) else { return }
        if let id = entry.requestId, given[id]?.sequence == sequence { given[id] = nil }
        if let saleId = entry.saleRecord?.saleId {
            let key = Self.saleKey(saleId, terminal: entry.refund?.saleTerminal ?? entry.terminalId, own: entry.terminalId)
            sales[key]?.versions.removeAll { $0.sequence == sequence }
            if sales[key]?.versions.isEmpty == true { sales[key] = nil }
        }
    }

    /// What the next entry should carry in `confirmed` and `unresolved`.
    public struct Settlements: Sendable {
        public var confirmed: [UInt64] = []
        public var unresolved: [UInt64] = []
        public var isEmpty: Bool { confirmed.isEmpty && unresolved.isEmpty }

        public init() {}
    }

    /// The settlements the next entry should carry; call once it is journaled.
    public mutating func takeSettlements() -> Settlements {
        defer { unjournaled = Settlements() }
        return unjournaled
    }

    /// Puts back settlements whose entry failed to reach the journal.
    public mutating func restoreSettlements(_ settlements: Settlements) {
        unjournaled.confirmed = settlements.confirmed + unjournaled.confirmed
        unjournaled.unresolved = settlements.unresolved + unjournaled.unresolved
    }

    /// The transactions in doubt for `card`, oldest first.
    public func inDoubt(forCard card: String) -> [(sequence: UInt64, entry: LedgerEntry)] {
        inDoubt.filter { $0.value.card == card }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public var inDoubtCount: Int { inDoubt.count }

    public func isInDoubt(_ sequence: UInt64) -> Bool { inDoubt[sequence] != nil }
}
