import BackOfficeStorage
import Foundation
import LedgerFormat

/// Keeps the back office's members (``MemberStore``) up to date with the synced journals: each
/// transaction's member state (the newest wins), the card it was made with, and an enrolment's
/// details; with them, in the same transactions, the sales and their refunds at any till
/// (``SaleRefundProjection``, ``RefundStore``); and the approvals managers gave at the tills, in
/// the audit log (``ApprovalAudit``). One instance per server; ``catchUp()`` may be
/// called from anywhere (a lookup calls it first, so it answers with everything stored), and
/// runs one at a time.
public actor MemberProjection {
    /// Transactions read per page (one store transaction each).
    public static let pageSize = 5_000

    let store: any LedgerStore
    /// Told what needs staff's attention: `phone-clash` (an enrolment's phone another member
    /// holds already), `referral-refused` (a referral of oneself, or in a cycle, not paid),
    /// `over-refund` (a sale refunded for more than its amount, at several tills); with the detail.
    let raise: @Sendable (_ kind: String, _ detail: String) async -> Void

    public init(store: any LedgerStore, raise: @escaping @Sendable (_ kind: String, _ detail: String) async -> Void = { _, _ in }) {
        self.store = store
        self.raise = raise
    }

    /// Projects every transaction stored after the projection's position; answers how many
    /// were read.
    @discardableResult
    public func catchUp() async throws -> Int {
        // The sales may be behind the members (a store upgraded to keep them): read from the
        // older of the two positions, each projection taking only what it has not read.
        let members = try await store.memberProjectionPosition()
        let sales = try await store.saleProjectionPosition()
        let indexed = try await store.memberIndexPosition()
        var after = min(members, sales, indexed)
        var read = 0
        while true {
            let page = try await store.pull(PullQuery(after: after, limit: Self.pageSize))
            if page.transactions.isEmpty {
                if page.nextAfter > after { try await store.projectMembers([], sales: [], through: page.nextAfter) }
                return read
            }
            var updates = page.transactions.filter { $0.position > members }.flatMap(Self.updates(from:))
            updates += page.transactions.filter { $0.position > indexed }.flatMap(Self.indexUpdates(from:))
            for index in updates.indices {
                guard let referral = updates[index].adjustment, referral.reference.hasPrefix(Self.referralPrefix) else { continue }
                let referee = String(referral.reference.dropFirst(Self.referralPrefix.count))
                if let why = try await refusal(of: referral.member, for: referee) {
                    updates[index].adjustment = nil
                    await raise("referral-refused", "the referral of \(referee) by \(referral.member) is not paid: \(why)")
                }
            }
            let changes = page.transactions.filter { $0.position > sales }.flatMap(SaleRefundProjection.changes(from:))
            let outcome = try await store.projectMembers(updates, sales: changes, through: page.nextAfter)
            for clash in outcome.clashes {
                await raise(
                    "phone-clash",
                    "member \(clash.member) enrolled with phone \(clash.phone), which member \(clash.holder) holds: kept without it")
            }
            for over in outcome.overRefunds { await raise("over-refund", SaleRefundProjection.alarmDetail(over)) }
            try await ApprovalAudit.record(page.transactions.filter { $0.position > members }, store: store)
            read += page.transactions.count
            after = page.nextAfter
            if !page.more { return read }
        }
    }

    /// The reference of a referrer's reward: `referral:<referee>`, so each friend pays once.
    static let referralPrefix = "referral:"

    /// Why `referrer` may not be rewarded for `referee`: themselves, or a cycle (the referee
    /// referred, directly or not, the referrer).
    func refusal(of referrer: String, for referee: String) async throws -> String? {
        if referrer == referee { return "a member cannot refer themselves" }
        var next: String? = referrer
        for _ in 0..<32 {
            guard let current = next, let known = try await store.member(current) else { return nil }
            if known.referrer == referee { return "\(referee) referred \(referrer) before: a cycle" }
            next = known.referrer
        }
        return nil
    }

    /// The member index's entries for one stored transaction: under its member, and under the
    /// referrer it rewards (so that a member's page lists whom they referred).
    public static func indexUpdates(from stored: StoredTransaction) -> [MemberUpdate] {
        guard let entry = LedgerEntry.decode(stored.payload) else { return [] }
        let mark = MemberStateMark(time: entry.time, terminal: stored.terminal, sequence: stored.sequence)
        let members = Set([entry.member, entry.referrerReward?.referrerId].compactMap { $0 }.filter { !$0.isEmpty })
        return members.sorted().map { member in
            var update = MemberUpdate(member: member, state: nil, mark: mark, card: nil)
            update.indexedPosition = stored.position
            return update
        }
    }

    /// What one stored transaction says about its member.
    public static func updates(from stored: StoredTransaction) -> [MemberUpdate] {
        guard let entry = LedgerEntry.decode(stored.payload) else { return [] }
        if entry.kind == .void, let voided = entry.voided {
            var forget = MemberUpdate(
                member: "", state: nil, mark: MemberStateMark(time: 0, terminal: stored.terminal, sequence: voided), card: nil)
            forget.forgetsEnrolment = true
            return [forget]
        }
        guard let member = entry.member else { return [] }
        let mark = MemberStateMark(time: entry.time, terminal: stored.terminal, sequence: stored.sequence)
        switch entry.kind {
        case .adjustment, .reversal:
            // Made with the card tapped: the state after it is the card's, as for a sale.
            guard let state = entry.state, let bytes = Data(base64Encoded: state) else { return [] }
            return [MemberUpdate(member: member, state: Array(bytes), mark: mark, card: entry.card, requestId: entry.requestId)]
        case .sale, .refund, .balance:
            if entry.trust == CardlessPurchase.trust {
                // Not the card's state: its points reach the card as an adjustment.
                var update = MemberUpdate(member: member, state: nil, mark: mark, card: nil, requestId: entry.requestId)
                if let net = entry.answer?.points?.net, net != 0 {
                    update.adjustment = NewAdjustment(
                        member: member, points: net, reason: CardlessPurchase.reason(entry.kind, terminal: stored.terminal),
                        reference: "T\(stored.terminal)-\(stored.sequence)")
                }
                return [update]
            }
            guard let state = entry.state, let bytes = Data(base64Encoded: state) else { return [] }
            var updates = [MemberUpdate(member: member, state: Array(bytes), mark: mark, card: entry.card, requestId: entry.requestId)]
            if let reward = entry.referrerReward {
                // The referee's referrer, kept for the cycle check; the referrer's reward, paid once.
                updates.append(MemberUpdate(member: member, state: nil, mark: mark, card: nil, referrer: reward.referrerId))
                var paid = MemberUpdate(member: reward.referrerId, state: nil, mark: mark, card: nil)
                paid.adjustment = NewAdjustment(
                    member: reward.referrerId, points: reward.points, reason: "Thank you for referring a friend",
                    reference: Self.referralPrefix + member)
                updates.append(paid)
            }
            return updates
        case .enrolment:
            guard let details = entry.enrolment else { return [] }
            var kept = details
            kept.phone = ""
            return [
                MemberUpdate(
                    member: member, state: entry.state.flatMap { Data(base64Encoded: $0) }.map(Array.init), mark: mark, card: entry.card,
                    phone: details.phone, details: try? JSONEncoder().encode(kept).map { $0 }, referrer: details.referrer,
                    requestId: entry.requestId)
            ]
        case .void, .checkpoint, .survey:
            return []
        }
    }
}
