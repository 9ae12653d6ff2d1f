import Checkout
import Foundation
import LedgerFormat
import Logging
import PointsEngine
import SyncProtocol
import TerminalSync

/// The checkout's ``MemberLookup`` over the sync service's signed `GET /v1/members/...` and
/// `POST /v1/members/{member}/reservations`.
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

    private static func state(_ answer: MemberAnswer) throws -> MemberState? {
        guard let text = answer.state, let bytes = Data(base64Encoded: text) else { return nil }
        return try MemberState(compact: Array(bytes))
    }
}
