import BackOfficeReports
import BackOfficeStorage
import Foundation
import PointsEngine
import SyncProtocol

/// Lost cards and their replacements, as the back office does them: each a new signed version
/// of `block-list` and `replacements` for terminals to download.
enum CardLife {
    /// Adds `card` to the signed block list (a new version), unless it is already on it.
    static func block(_ card: String, key: DocumentSigningKey, store: any LedgerStore) async throws -> String {
        let list = try await blockList(store: store)
        guard !list.cards.contains(card) else { return "card \(card) is already blocked" }
        let updated = BlockListDocument(blocked: list.blocked, cards: list.cards + [card], erased: try await store.erasedMembers())
        let published = try await publishSigned(.blockList, whole: try updated.encoded(), key: key, store: store)
        try await AuditTrail.record("card.block", subject: "card \(card)", detail: ["block-list": String(published.version)], store: store)
        return
            "card \(card) blocked: block list version \(published.version), \(updated.cards.count) cards and \(updated.blocked.count) members"
    }

    /// Blocks `lost` and publishes the replacement notice of `newCard`, starting from the lost
    /// card's latest state in the synced journals.
    static func replace(_ lost: String, with newCard: String, key: DocumentSigningKey, store: any LedgerStore, at now: Int64)
        async throws -> String
    {
        let notices = try await replacementNotices(store: store)
        if let earlier = notices.byCard[newCard] {
            throw BackOfficeFailure("card \(newCard) already replaces card \(earlier.replaces)")
        }
        if let earlier = notices.notices.first(where: { $0.replaces == lost }) {
            throw BackOfficeFailure("card \(lost) was already replaced by card \(earlier.card)")
        }
        let history = try await CardHistory.read(cards: [lost, newCard], store: store)
        guard let member = history.member(of: lost) ?? notices.byCard[lost]?.member else {
            throw BackOfficeFailure("card \(lost) has no synced transaction: the back office does not know its member")
        }
        if let used = history.transactions[newCard], !used.isEmpty {
            throw BackOfficeFailure("card \(newCard) has transactions already: a replacement must be a card not used yet")
        }
        let head = history.head(of: lost)
        let state: String
        if let headState = head?.state {
            state = headState
        } else if let earlier = notices.byCard[lost] {
            // A replacement never tapped, replaced in turn: it carries what it was given.
            state = earlier.state
        } else {
            throw BackOfficeFailure("card \(lost) has no synced state to carry over")
        }
        let blocked = try await block(lost, key: key, store: store)
        let notice = ReplacementNoticesDocument.Notice(
            card: newCard, member: member, replaces: lost, state: state,
            basedOn: head.map { .init(terminalId: $0.terminal, sequence: $0.sequence) }, issuedAt: now)
        let updated = ReplacementNoticesDocument(notices: notices.notices + [notice])
        let published = try await publishSigned(.replacements, whole: try updated.encoded(), key: key, store: store)
        try await AuditTrail.record(
            "card.replace", subject: "card \(lost)",
            detail: ["new-card": newCard, "member": member, "replacements": String(published.version)], store: store)
        let carried = Data(base64Encoded: state).flatMap { try? MemberState(compact: Array($0)) }
        return """
            \(blocked)
            card \(newCard) replaces card \(lost) of member \(member): replacements version \(published.version), \
            carrying \(carried?.balance ?? 0) points, tier \(carried?.tierId ?? "?")\(head.map { " (the state of terminal \($0.terminal)'s transaction \($0.sequence))" } ?? "")
            """
    }

    /// What the back office knows of `card`.
    struct CardStatus: Codable, Sendable {
        var card: String
        var member: String?
        /// `active`, `lost` or `replaced`.
        var state: String
        /// When the block list first listed it, ms since the epoch.
        var lostAt: Int64?
        var replacedBy: String?
        /// For a replacement card: the card it replaces, and whether a terminal has put the carried state on it.
        var replaces: String?
        var carriedStateApplied: Bool?
        var transactions: Int
        /// The balance its latest synced state holds.
        var balance: Int64?
        /// Points the card redeemed in transactions made after it was reported lost.
        var exposurePoints: Int64
        var exposureTransactions: [CardHistory.Transaction]
        /// For a replaced card: its transactions the replacement's carried state does not include
        /// (none while a transaction that state continues is not synced yet), and their net points
        /// less the adjustments they applied (which the replacement applies itself).
        var notCarried: [CardHistory.Transaction]
        var notCarriedPoints: Int64
    }

    static func status(of card: String, store: any LedgerStore) async throws -> CardStatus {
        let notices = try await replacementNotices(store: store)
        let replacement = notices.notices.first { $0.replaces == card }
        let history = try await CardHistory.read(cards: [card], store: store)
        let transactions = history.transactions[card] ?? []
        let lostAt = try await blockedSince(card, store: store)
        let exposure = lostAt.map { at in transactions.filter { $0.time * 1000 >= at && $0.redeemed > 0 } } ?? []
        let notCarried =
            replacement.map { notice in
                history.notIncluded(in: notice.basedOn.map { .init(terminal: $0.terminalId, sequence: $0.sequence) }, of: card) ?? []
            } ?? []
        let own = notices.byCard[card]
        return CardStatus(
            card: card, member: history.member(of: card) ?? own?.member ?? replacement?.member,
            state: replacement != nil ? "replaced" : lostAt != nil ? "lost" : "active",
            lostAt: lostAt, replacedBy: replacement?.card, replaces: own?.replaces,
            carriedStateApplied: own.map { _ in transactions.contains { $0.replaces != nil } },
            transactions: transactions.count, balance: history.head(of: card)?.balance,
            exposurePoints: exposure.reduce(0) { $0 + $1.redeemed }, exposureTransactions: exposure,
            notCarried: notCarried, notCarriedPoints: notCarried.reduce(0) { $0 + $1.net - $1.adjustments })
    }

    static func blockList(store: any LedgerStore) async throws -> BlockListDocument {
        guard let whole = try await latestWhole(.blockList, store: store) else { return .empty }
        return try BlockListDocument.decode(whole)
    }

    static func replacementNotices(store: any LedgerStore) async throws -> ReplacementNoticesDocument {
        guard let whole = try await latestWhole(.replacements, store: store) else { return .empty }
        return try ReplacementNoticesDocument.decode(whole)
    }

    /// When the signed block list first listed `card` (and has listed it since): the
    /// publication time of that version.
    static func blockedSince(_ card: String, store: any LedgerStore) async throws -> Int64? {
        guard try await blockList(store: store).cards.contains(card) else { return nil }
        var since: Int64?
        var after: Int64 = 0
        while true {
            let page = try await store.documents(.blockList, after: after, limit: 500)
            guard let last = page.last else { break }
            for version in page {
                guard let step = try? SignedDocument.decode(version.body) else { continue }
                if step.isSnapshot {
                    let listed = (try? BlockListDocument.decode(step.bodyBytes))?.cards.contains(card) ?? false
                    since = listed ? since ?? version.publishedAt : nil
                } else if let change = try? BlockListChange.decode(step.bodyBytes) {
                    if change.cardsAdded.contains(card), since == nil { since = version.publishedAt }
                    if change.cardsRemoved.contains(card) { since = nil }
                }
            }
            after = last.version
        }
        return since
    }
}
