import Checkout

/// `POST /v1/surveys`: `{"score": 0-10, "comment"?, "saleId"?, "member"?}`, nothing else; the
/// optional fields may be null. Ranges and lengths are the checkout's to check (400 with the field).
struct SurveyBody: Decodable {
    var request: SurveyRequest

    enum Keys: String, CodingKey, CaseIterable {
        case score, comment, saleId, member
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: Keys.self)
        guard let score = try container.wholeNumber(.score, problem: "must be a whole number from 0 to 10") else {
            throw FieldProblemsError(FieldPath.render(container.codingPath + [Keys.score]), "is required")
        }
        request = SurveyRequest(
            score: Int(clamping: score), comment: try container.decodeIfPresent(String.self, forKey: .comment),
            saleId: try container.decodeIfPresent(String.self, forKey: .saleId),
            member: try container.decodeIfPresent(String.self, forKey: .member))
    }
}
