import Checkout
import Foundation
import LedgerFormat
import Logging
import PointsEngine
import TerminalSync

/// The checkout's ``MemberLookup`` over the sync service's signed `GET /v1/members/{member}`.
struct BackOfficeMemberLookup: MemberLookup {
    let sync: SyncService
    let logger: Logger

    func state(of member: String) async -> UIDState? {
        do {
            guard let answer = try await sync.member(member), let text = answer.state, let bytes = Data(base64Encoded: text),
                let terminal = answer.stateTerminal, let sequence = answer.stateSequence, let time = answer.stateTime
            else { return nil }
            return UIDState(state: try MemberState(compact: Array(bytes)), time: time, terminal: terminal, sequence: sequence)
        } catch {
            logger.info("the back office could not be asked for member \(member): \(error)")
            return nil
        }
    }
}
