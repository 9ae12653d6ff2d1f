/// A customer's answer to the shop's survey at the till (a `survey` entry): how likely they are
/// to recommend the shop, 0 to 10, the Net Promoter Score question.
public struct SurveyRecord: Codable, Hashable, Sendable {
    /// 0 (not at all likely) to 10 (extremely likely): 9 and 10 are promoters, 0 to 6 detractors.
    public var score: Int
    /// What the customer wrote, at most ``maxCommentCharacters`` characters.
    public var comment: String?
    /// The sale the answer follows, when the POS names it.
    public var saleId: String?

    /// Longest comment, in Unicode code points (as JSON Schema's maxLength counts).
    public static let maxCommentCharacters = 500

    public init(score: Int, comment: String? = nil, saleId: String? = nil) {
        self.score = score
        self.comment = comment
        self.saleId = saleId
    }
}
