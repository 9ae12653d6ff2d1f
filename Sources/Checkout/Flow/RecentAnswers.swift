import LedgerFormat

/// The last answers given to requests with an id that left nothing in the journal (timed out,
/// cancelled, refused), so that the POS can ask for one after the fact (`GET
/// /v1/transactions/{id}`): that is when it is unsure. Journaled answers are asked of the
/// journal's index instead. Bounded: the oldest is forgotten past ``capacity``.
struct RecentAnswers: Sendable {
    /// Answers kept.
    static let capacity = 256

    private var answers: [String: CheckoutAnswer] = [:]
    /// Ids, oldest first (an id answered again moves to the end).
    private var order: [String] = []

    subscript(id: String) -> CheckoutAnswer? { answers[id] }

    /// Keeps `answer` as the last one given for `id`.
    mutating func remember(_ answer: CheckoutAnswer, for id: String) {
        if answers.updateValue(answer, forKey: id) != nil { order.removeAll { $0 == id } }
        order.append(id)
        if order.count > Self.capacity { answers[order.removeFirst()] = nil }
    }

    /// Forgets `id` (its answer is now in the journal).
    mutating func forget(_ id: String) {
        guard answers.removeValue(forKey: id) != nil else { return }
        order.removeAll { $0 == id }
    }
}
