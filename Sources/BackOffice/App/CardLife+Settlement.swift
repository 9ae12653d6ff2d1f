import BackOfficeReports
import BackOfficeStorage
import Foundation
import PointsEngine
import SyncProtocol

extension CardLife {
    /// Settles onto each replaced card's member what the replacement's carried state does not
    /// include: the lost card's taps synced after the replacement was issued (made offline
    /// before the block reached their terminal), and the carried balance itself when the new
    /// card was first tapped where the notice had not arrived. Each becomes a points adjustment
    /// (a new signed version of `adjustments`), once: its reference names what it settles.
    /// Answers the adjustments added.
    static func settle(key: DocumentSigningKey, store: any LedgerStore) async throws -> [PointsAdjustmentsDocument.Adjustment] {
        let notices = try await replacementNotices(store: store).notices
        guard !notices.isEmpty else { return [] }
        let published = try await adjustments(store: store)
        var settled = Set(published.adjustments.map(\.reference))
        var next = published.byMember.mapValues { $0.last?.sequence ?? 0 }
        let history = try await CardHistory.read(cards: Set(notices.flatMap { [$0.card, $0.replaces] }), store: store)
        var added: [PointsAdjustmentsDocument.Adjustment] = []
        func add(_ member: String, _ points: Int64, _ reason: String, _ reference: String) {
            guard points != 0, settled.insert(reference).inserted else { return }
            let sequence = (next[member] ?? 0) + 1
            next[member] = sequence
            added.append(.init(member: member, sequence: sequence, points: points, reason: reason, reference: reference))
        }
        for notice in notices {
            let basedOn = notice.basedOn.map { CardHistory.Write(terminal: $0.terminalId, sequence: $0.sequence) }
            for late in history.notIncluded(in: basedOn, of: notice.replaces) {
                add(
                    notice.member, late.net, "From your previous card: \(late.kind) at terminal \(late.terminal)",
                    "T\(late.terminal)-\(late.sequence)")
            }
            let newCard = history.transactions[notice.card] ?? []
            if !newCard.isEmpty, !newCard.contains(where: { $0.replaces != nil }),
                let bytes = Data(base64Encoded: notice.state), let state = try? MemberState(compact: Array(bytes))
            {
                add(notice.member, state.balance, "Balance carried over from your previous card", "replacement:\(notice.card)")
            }
        }
        guard !added.isEmpty else { return [] }
        let updated = PointsAdjustmentsDocument(adjustments: published.adjustments + added)
        _ = try await publishSigned(.adjustments, whole: try updated.encoded(), key: key, store: store)
        return added
    }

    static func adjustments(store: any LedgerStore) async throws -> PointsAdjustmentsDocument {
        guard let whole = try await latestWhole(.adjustments, store: store) else { return .empty }
        return try PointsAdjustmentsDocument.decode(whole)
    }
}
