import LedgerFormat
import PointsEngine

/// A customer's survey answer at the till (`POST /v1/surveys`): journaled as a `survey` entry,
/// no card needed.
public struct SurveyRequest: Sendable, Equatable {
    /// 0 to 10.
    public var score: Int
    /// At most 500 characters.
    public var comment: String?
    /// The sale the answer follows.
    public var saleId: String?
    /// The member, when the POS knows them.
    public var member: String?

    public init(score: Int, comment: String? = nil, saleId: String? = nil, member: String? = nil) {
        self.score = score
        self.comment = comment
        self.saleId = saleId
        self.member = member
    }

    /// Every problem of the request; empty when it is acceptable.
    public var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        if !(0...10).contains(score) { problems.append(FieldProblem("score", "must be a whole number from 0 to 10")) }
        if let comment, comment.unicodeScalars.count > SurveyRecord.maxCommentCharacters {
            problems.append(FieldProblem("comment", "must be at most \(SurveyRecord.maxCommentCharacters) characters"))
        }
        if let saleId { problems += RequestRules.identifierProblems(saleId, field: "saleId") }
        if let member { problems += RequestRules.identifierProblems(member, field: "member") }
        return problems
    }
}
