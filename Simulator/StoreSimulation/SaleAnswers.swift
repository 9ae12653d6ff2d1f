/// The planned sales' answers as the cashiers got them, by sale id: a refund made at another
/// till than the sale's waits here for the sale's answer, and takes its receipt reference.
actor SaleAnswers {
    /// A sale's final answer.
    struct Answer: Sendable {
        /// The till that made it (0-based).
        var terminal: Int
        var completed: Bool
        /// How it ended: `completed`, else the refusal code or the outcome.
        var ended: String
        /// The receipt reference the answer gave (`LT1.…`).
        var receipt: String?
        var journalSequence: UInt64?
    }

    private var answers: [String: Answer] = [:]

    func record(_ saleId: String, _ answer: Answer) { answers[saleId] = answer }

    func answer(of saleId: String) -> Answer? { answers[saleId] }

    /// The sale's answer, waiting for it up to `timeout` (the workers run in parallel); nil
    /// when it has not come by then.
    nonisolated func answer(of saleId: String, waiting timeout: Duration) async -> Answer? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            if let answer = await answer(of: saleId) { return answer }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
