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
    /// Answers the adjustments published this time (those of purchases without the card too).
    static func settle(key: DocumentSigningKey, store: any LedgerStore) async throws -> [StoredAdjustment] {
        // The purchases without the card stored so far become adjustments as they are projected.
        try await MemberProjection(store: store) { kind, detail in
            try? await store.raise(Alarm(at: nowMilliseconds(), kind: kind, terminal: nil, sequence: nil, detail: detail))
        }.catchUp()
        let notices = try await replacementNotices(store: store).notices
        var due: [NewAdjustment] = []
        if !notices.isEmpty {
            let history = try await CardHistory.read(cards: Set(notices.flatMap { [$0.card, $0.replaces] }), store: store)
            for notice in notices {
                let basedOn = notice.basedOn.map { CardHistory.Write(terminal: $0.terminalId, sequence: $0.sequence) }
                // A late tap's own points: the adjustments it applied to the lost card, the new
                // card applies itself (its carried state has not applied them).
                // Until the whole chain the notice's state continues is synced, its late taps wait.
                for late in history.notIncluded(in: basedOn, of: notice.replaces) ?? [] where late.net != late.adjustments {
                    due.append(
                        NewAdjustment(
                            member: notice.member, points: late.net - late.adjustments,
                            reason: "From your previous card: \(late.kind) at terminal \(late.terminal)",
                            reference: "T\(late.terminal)-\(late.sequence)"))
                }
                // Whether the new card started from the notice, its first transaction (written on no
                // state) says: until it is synced (its till cut off), a later one synced first cannot.
                let newCard = history.transactions[notice.card] ?? []
                if newCard.contains(where: { $0.previous == nil }), !newCard.contains(where: { $0.replaces != nil }),
                    let bytes = Data(base64Encoded: notice.state), let state = try? MemberState(compact: Array(bytes))
                {
                    // The new card started as a new member's, so it applies every adjustment of the
                    // member from the first: those the lost card had applied, which the carried
                    // balance holds already, are left out of it.
                    let reapplied = try await store.adjustments(of: notice.member, after: 0)
                        .filter { $0.sequence <= state.lastAdjustmentSequence }.reduce(Int64(0)) { $0 + $1.points }
                    if state.balance - reapplied != 0 {
                        due.append(
                            NewAdjustment(
                                member: notice.member, points: state.balance - reapplied,
                                reason: "Balance carried over from your previous card", reference: "replacement:\(notice.card)"))
                    }
                }
            }
        }
        try await store.addAdjustments(due)
        return try await publishAdjustments(key: key, store: store)
    }

    /// Publishes every adjustment the back office holds (a new signed version of `adjustments`)
    /// when some are not published yet: those settled here, and those of purchases made without
    /// the card, numbered as their transactions were stored.
    /// Answers those it published.
    @discardableResult
    static func publishAdjustments(key: DocumentSigningKey, store: any LedgerStore) async throws -> [StoredAdjustment] {
        let held = try await store.adjustments()
        let published = try await adjustments(store: store)
        let known = Set(published.adjustments.map(\.reference))
        let new = held.filter { !known.contains($0.reference) }
        guard !new.isEmpty else { return [] }
        let document = PointsAdjustmentsDocument(adjustments: held)
        _ = try await publishSigned(.adjustments, whole: try document.encoded(), key: key, store: store)
        return new
    }

    static func adjustments(store: any LedgerStore) async throws -> PointsAdjustmentsDocument {
        guard let whole = try await latestWhole(.adjustments, store: store) else { return .empty }
        return try PointsAdjustmentsDocument.decode(whole)
    }
}
