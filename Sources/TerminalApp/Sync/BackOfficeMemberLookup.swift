import Checkout
import Foundation
import LedgerFormat
import Logging
import PointsEngine
import SyncProtocol
import TerminalSync

/// The checkout's ``MemberLookup`` over the sync service's signed `GET /v1/members/...`,
/// `POST /v1/members/{member}/reservations` and `POST /v1/refund-reservations`.
struct BackOfficeMemberLookup: MemberLookup {
    let sync: SyncService
    let logger: Logger

    func state(of member: String) async -> UIDState? {
        do {
            guard let answer = try await sync.member(member), let state = try Self.state(answer),
                let terminal = answer.stateTerminal, let sequence = answer.stateSequence, let time = answer.stateTime
            else { return nil }
            return UIDState(state: state, time: time, terminal: terminal, sequence: sequence)
        } catch {
            logger.info("the back office could not be asked for member \(member): \(error)")
            return nil
        }
    }

    func find(_ reference: MemberReference) async -> MemberFound {
        do {
            let answer: MemberAnswer?
            if let phone = reference.phone.flatMap(PhoneNumber.normalised) {
                answer = try await sync.member(phone: phone)
            } else if let id = reference.memberId {
                answer = try await sync.member(id)
            } else {
                return .unknown
            }
            guard let answer else { return .unknown }
            return .found(
                FoundMember(
                    member: answer.member, state: try Self.state(answer),
                    pending: (answer.pendingAdjustments ?? []).map {
                        PointsAdjustment(sequence: $0.sequence, points: $0.points, reason: $0.reason)
                    }))
        } catch {
            return .unreachable("\(error)")
        }
    }

    func reserve(points: Int64, of member: String, for requestId: String) async -> PointsHold {
        do {
            switch try await sync.reserve(points: points, of: member, for: requestId) {
            case .success(let answer): return .granted(available: answer.available)
            case .failure(let refusal):
                switch (refusal.status, refusal.problem?.error) {
                case (409, _): return .insufficient(refusal.problem?.reason ?? "not enough points")
                case (404, _): return .unknownMember
                default: return .unreachable("HTTP \(refusal.status): \(refusal.problem?.reason ?? "")")
                }
            }
        } catch {
            return .unreachable("\(error)")
        }
    }

    func holdRefund(of saleId: String, at saleTerminal: UInt32?, amount: Int64?, for refundId: String) async -> RefundHold {
        let request = RefundReservationRequest(saleTerminal: saleTerminal, saleId: saleId, refundId: refundId, amount: amount)
        do {
            switch try await sync.holdRefund(request) {
            case .success(let held):
                let record = SaleRecord(
                    saleId: held.saleId, day: Day(number: held.day), amount: held.amount, qualifyingSpend: held.qualifyingSpend,
                    billPoints: held.billPoints, bonusPoints: held.bonusPoints, redeemedPoints: held.redeemedPoints,
                    refundedAmount: min(held.amount, max(0, held.refundedAmount)))
                return .granted(
                    HeldSale(
                        saleTerminal: held.saleTerminal, saleSequence: held.saleSequence, member: held.member, card: held.card,
                        record: record, reserved: held.reserved))
            case .failure(let refusal):
                let reason = refusal.problem?.reason ?? "HTTP \(refusal.status)"
                switch (refusal.status, refusal.problem?.error) {
                case (404, "unknown-sale"): return .unknownSale
                case (409, "already-refunded"): return .refused(Refusal(.alreadyRefunded, reason))
                case (409, "refund-in-progress"): return .refused(Refusal(.refundInProgress, reason))
                case (409, "ambiguous-sale"): return .refused(Refusal(.receiptNeeded, reason))
                default: return .unreachable("HTTP \(refusal.status): \(reason)")
                }
            }
        } catch {
            return .unreachable("\(error)")
        }
    }

    private static func state(_ answer: MemberAnswer) throws -> MemberState? {
        guard let text = answer.state, let bytes = Data(base64Encoded: text) else { return nil }
        return try MemberState(compact: Array(bytes))
    }
}
