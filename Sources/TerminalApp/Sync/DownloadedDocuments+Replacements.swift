import Checkout
import Foundation
import PointsEngine
import SyncProtocol

extension DownloadedDocuments {
    /// The replacement cards' starting states, by card; a notice whose state cannot be read is
    /// left out (its card then starts as a new member would, and the back office settles it).
    static func replacementStarts(_ document: ReplacementNoticesDocument) -> [String: ReplacementStart] {
        var starts: [String: ReplacementStart] = [:]
        for notice in document.notices {
            guard let bytes = Data(base64Encoded: notice.state), let state = try? MemberState(compact: Array(bytes)) else { continue }
            starts[notice.card] = ReplacementStart(member: notice.member, replaces: notice.replaces, state: state)
        }
        return starts
    }
}
