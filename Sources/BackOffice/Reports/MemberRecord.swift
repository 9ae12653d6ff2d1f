import BackOfficeStorage
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol

/// Everything the back office holds about one member, as the member page and the privacy
/// export show it (`docs/privacy.md`): read through the member index, never a journal scan.
///
/// Each transaction is a ``Transaction`` row whatever its kind: a kind added to the ledger later
/// is a new row with its kind's name and the figures it carries, not a change of this type.
public struct MemberRecord: Sendable, Equatable, Codable {
    /// What the shop collected at enrolment; nil once erased (or never collected).
    public struct Details: Sendable, Equatable, Codable {
        public var phone: String?
        public var birthdayMonth: Int?
        public var birthdayDay: Int?
        public var language: String?
        /// The enrolment details JSON as kept (without the phone).
        public var kept: String?
    }

    /// One transaction of the member's, whatever its kind.
    public struct Transaction: Sendable, Equatable, Codable {
        public var terminal: UInt32
        public var sequence: UInt64
        /// The terminal's clock, seconds since the epoch.
        public var time: Int64
        /// The ledger's kind (`sale`, `refund`, `void`, `adjustment`, `enrolment`, ... and any later one).
        public var kind: String
        public var requestId: String?
        public var card: String?
        /// The bill's amount, in minor units.
        public var amount: Int64?
        public var pointsNet: Int64?
        public var balanceAfter: Int64?
        public var tierAfter: String?
        /// The receipt's lines (what each rule gave), as the ledger entry holds them.
        public var lines: [String]
        /// Other figures of the entry worth a column: `reason`, `voided`, `adjustedPoints`, `referrer reward`.
        public var notes: [String]
        /// True when it rewards this member for a friend they referred (``referee`` made it).
        public var referee: String?
    }

    /// A card of the member's and its state.
    public struct Card: Sendable, Equatable, Codable {
        public var card: String
        /// `active`, `lost` (on the block list) or `replaced`.
        public var state: String
        public var replacedBy: String?
        public var replaces: String?
        public var transactions: Int
    }

    /// A tier the member reached, and when.
    public struct TierStep: Sendable, Equatable, Codable {
        public var tier: String
        public var time: Int64
        public var terminal: UInt32
        public var sequence: UInt64
    }

    /// A consent code's state now and its history: given at enrolment (`till T7 seq 12`), then
    /// each change recorded since.
    public struct Consent: Sendable, Equatable, Codable {
        public var code: String
        public var given: Bool
        public var history: [ConsentEvent]
    }

    public var member: String
    public var erasure: MemberErasure?
    public var details: Details?
    public var balance: Int64?
    public var tier: String?
    public var tierHistory: [TierStep]
    public var cards: [Card]
    public var transactions: [Transaction]
    public var adjustments: [StoredAdjustment]
    public var referredBy: String?
    public var referred: [String]
    public var consents: [Consent]

    /// The member `id`'s record, or nil when the back office knows nothing of them. The caller
    /// brings the projection up to date first (``MemberProjection/catchUp()``).
    public static func load(_ id: String, store: any LedgerStore) async throws -> MemberRecord? {
        let snapshot = try await store.member(id)
        let stored = try await store.transactions(of: id)
        guard snapshot != nil || !stored.isEmpty else { return nil }
        let erasure = try await store.erasure(of: id)
        var record = MemberRecord(
            member: id, erasure: erasure, details: nil, balance: nil, tier: nil, tierHistory: [], cards: [], transactions: [],
            adjustments: try await store.adjustments(of: id, after: 0), referredBy: snapshot?.referrer, referred: [], consents: [])
        if let state = snapshot?.state.flatMap({ try? MemberState(compact: $0) }) {
            record.balance = state.balance
            record.tier = state.tierId
        }
        if erasure == nil, let snapshot, snapshot.phone != nil || snapshot.details != nil {
            let enrolment = snapshot.details.flatMap { try? JSONDecoder().decode(EnrolmentDetails.self, from: Data($0)) }
            record.details = Details(
                phone: snapshot.phone, birthdayMonth: enrolment?.birthdayMonth, birthdayDay: enrolment?.birthdayDay,
                language: enrolment?.language, kept: snapshot.details.map { String(decoding: $0, as: UTF8.self) })
        }
        var cardCounts: [String: Int] = [:]
        var enrolmentConsents: [ConsentEvent] = []
        for transaction in stored {
            guard let entry = LedgerEntry.decode(transaction.payload) else { continue }
            if entry.member != id, let reward = entry.referrerReward, reward.referrerId == id {
                // A friend's first sale that rewards this member.
                if let friend = entry.member, !record.referred.contains(friend) { record.referred.append(friend) }
                continue
            }
            let row = Self.row(entry, terminal: transaction.terminal, sequence: transaction.sequence, erased: erasure != nil)
            record.transactions.append(row)
            if let card = entry.card { cardCounts[card, default: 0] += 1 }
            if let tier = row.tierAfter, record.tierHistory.last?.tier != tier {
                record.tierHistory.append(
                    TierStep(tier: tier, time: entry.time, terminal: transaction.terminal, sequence: transaction.sequence))
            }
            if entry.kind == .enrolment, let details = entry.enrolment {
                for code in details.consents.sorted() {
                    enrolmentConsents.append(
                        ConsentEvent(
                            member: id, code: code, given: true, at: entry.time * 1000,
                            how: "till T\(transaction.terminal) seq \(transaction.sequence)"))
                }
                if record.referredBy == nil { record.referredBy = details.referrer }
            }
        }
        record.cards = try await cards(counts: cardCounts, member: id, store: store)
        let events = enrolmentConsents + (try await store.consentEvents(of: id))
        record.consents = Dictionary(grouping: events, by: \.code).map { code, history in
            Consent(code: code, given: history.last?.given ?? false, history: history)
        }.sorted { $0.code < $1.code }
        return record
    }

    /// One ledger entry as a row. An erased member's enrolment row keeps its kind and time, not
    /// the details it collected.
    static func row(_ entry: LedgerEntry, terminal: UInt32, sequence: UInt64, erased: Bool) -> Transaction {
        let answer = entry.answer
        var notes: [String] = []
        if let reason = entry.reason { notes.append("reason: \(reason)") }
        if let voided = entry.voided { notes.append("voids sequence \(voided)") }
        if let points = entry.adjustedPoints { notes.append("adjusted \(points) points") }
        if let cashier = entry.cashier { notes.append("cashier \(cashier)") }
        if let refunded = entry.refundedSaleId { notes.append("refunds sale \(refunded)") }
        if let reward = entry.referrerReward { notes.append("rewards referrer \(reward.referrerId) with \(reward.points) points") }
        if let replaces = entry.replaces { notes.append("replaces card \(replaces)") }
        if entry.kind == .enrolment, !erased, let details = entry.enrolment {
            notes.append("enrolled as number \(details.number), consents \(details.consents.sorted().joined(separator: ", "))")
        }
        let state = entry.memberState()
        return Transaction(
            terminal: terminal, sequence: sequence, time: entry.time, kind: entry.kind.rawValue, requestId: entry.requestId,
            card: entry.card, amount: answer?.bill?.amount ?? entry.refundAmount, pointsNet: answer?.points?.net ?? entry.adjustedPoints,
            balanceAfter: answer?.balance ?? state?.balance, tierAfter: answer?.tier ?? state?.tierId,
            lines: answer?.lines.map(\.description) ?? [], notes: notes, referee: nil)
    }

    /// The member's cards: those their transactions used and the replacements issued to them,
    /// each active, lost (blocked) or replaced.
    static func cards(counts: [String: Int], member: String, store: any LedgerStore) async throws -> [Card] {
        let blocked = try await whole(.blockList, store: store).flatMap { try? BlockListDocument.decode($0) } ?? .empty
        let notices = try await whole(.replacements, store: store).flatMap { try? ReplacementNoticesDocument.decode($0) } ?? .empty
        var names = Set(counts.keys)
        for notice in notices.notices where notice.member == member {
            names.insert(notice.card)
            names.insert(notice.replaces)
        }
        let lost = Set(blocked.cards)
        return names.sorted().map { card in
            let replacement = notices.notices.first { $0.replaces == card }
            let state = replacement != nil ? "replaced" : lost.contains(card) || blocked.blocked.contains(member) ? "lost" : "active"
            return Card(
                card: card, state: state, replacedBy: replacement?.card,
                replaces: notices.notices.first { $0.card == card }?.replaces, transactions: counts[card] ?? 0)
        }
    }

    /// The newest signed whole document of `kind`.
    public static func whole(_ kind: DocumentKind, store: any LedgerStore) async throws -> [UInt8]? {
        try await store.latest(kind)?.snapshot.flatMap { try? SignedDocument.decode($0) }?.bodyBytes
    }
}
