import BackOfficeStorage
import Foundation
import PointsEngine
import SyncProtocol

extension MemberAnswer {
    /// The answer for what the back office holds about a member.
    public init(_ snapshot: MemberSnapshot) {
        let decoded = snapshot.state.flatMap { try? MemberState(compact: $0) }
        self.init(
            member: snapshot.member, state: snapshot.state.map { Data($0).base64EncodedString() }, balance: decoded?.balance,
            tier: decoded?.tierId, card: snapshot.card, stateTerminal: snapshot.mark?.terminal, stateSequence: snapshot.mark?.sequence,
            stateTime: snapshot.mark?.time)
    }
}
