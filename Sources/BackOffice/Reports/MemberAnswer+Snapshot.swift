import BackOfficeStorage
import Foundation
import PointsEngine
import SyncProtocol

extension MemberAnswer {
    /// The answer for what the back office holds about a member, with the adjustments its state
    /// has not applied yet (`pending`).
    public init(_ snapshot: MemberSnapshot, pending: [StoredAdjustment] = []) {
        let decoded = snapshot.state.flatMap { try? MemberState(compact: $0) }
        let applied = decoded?.lastAdjustmentSequence ?? 0
        let waiting = pending.filter { $0.sequence > applied }
        self.init(
            member: snapshot.member, state: snapshot.state.map { Data($0).base64EncodedString() },
            balance: decoded.map { $0.balance + waiting.reduce(0) { $0 + $1.points } }, tier: decoded?.tierId, card: snapshot.card,
            stateTerminal: snapshot.mark?.terminal, stateSequence: snapshot.mark?.sequence, stateTime: snapshot.mark?.time)
        if !waiting.isEmpty {
            pendingAdjustments = waiting.map { PendingAdjustment(sequence: $0.sequence, points: $0.points, reason: $0.reason) }
        }
        if decoded == nil, !waiting.isEmpty { balance = waiting.reduce(0) { $0 + $1.points } }
    }

    /// A held state's balance and last adjustment, for a reservation.
    @Sendable public static func held(_ state: [UInt8]) -> HeldBalance? {
        guard let decoded = try? MemberState(compact: state) else { return nil }
        return HeldBalance(balance: decoded.balance, lastAdjustment: decoded.lastAdjustmentSequence)
    }
}
