import LedgerFormat

/// How one tap ended.
enum TapOutcome: Sendable {
    /// Settled: answer the POS.
    case answer(CheckoutAnswer)
    /// Journaled, but the card did not confirm its new state.
    case inDoubt(UInt64, CheckoutAnswer)
}

/// A step of the tap ended it early with `outcome` (a refusal, a replayed answer, a roll-forward
/// of transactions in doubt): the steps after it do not run.
struct TapEnd: Error {
    let outcome: TapOutcome

    /// Ends the tap with `answer`.
    static func answer(_ answer: CheckoutAnswer) -> TapEnd { TapEnd(outcome: .answer(answer)) }

    /// Ends the tap refused.
    static func refused(_ work: CheckoutWork, _ code: Refusal.Code, _ reason: String) -> TapEnd {
        .answer(.refused(work.kind, work.requestId, code, reason))
    }
}
