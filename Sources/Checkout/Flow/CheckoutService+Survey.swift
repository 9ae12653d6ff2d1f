import LedgerFormat

extension CheckoutService {
    /// Journals a customer's survey answer (a `survey` entry, synced like every transaction);
    /// no tap. Answers `completed` with the entry's sequence and the answer as journaled.
    public func survey(_ request: SurveyRequest) async -> CheckoutAnswer {
        let problems = request.problems
        guard problems.isEmpty else { return .invalid(.survey, nil, problems) }
        let record = SurveyRecord(score: request.score, comment: request.comment, saleId: request.saleId)
        var answer = CheckoutAnswer(outcome: .completed, kind: .survey)
        answer.memberId = request.member
        answer.saleId = request.saleId
        answer.survey = record
        var entry = LedgerEntry(kind: .survey, terminalId: configuration.terminalID, time: now().secondsSinceEpoch)
        entry.member = request.member
        entry.survey = record
        switch journalAppend(&entry) {
        case .success(let sequence):
            answer.journalSequence = sequence
            return answer
        case .failure(let refusal):
            return .refused(.survey, nil, refusal.code, refusal.reason)
        }
    }
}
