extension StoreReport {
    /// How the refunds of ``Scenario/refunds`` went: asked and answered (from the cashiers'
    /// records), journaled by where the sale was found, with or without the card, on the
    /// offline rules (from the pulled ledger), and what the back office made of them.
    struct RefundSummary: Sendable, Codable {
        /// Refunds planned, and how each ended: `completed`, a refusal code, `skipped`.
        var asked: Int
        var ended: [String: Int]
        /// Made at another till than the sale's; with the sale's receipt reference.
        var atAnotherTill: Int
        var withReceipt: Int
        /// Refund transactions in the ledger (not voided), by basis (`journal`, `back-office`,
        /// `receipt`), without the card, and on the offline rules (`fallback`: the back office
        /// asked was too slow or out of reach).
        var journaled: Int
        var byBasis: [String: Int]
        var withoutCard: Int
        var fallbacks: Int
        /// Sales refunded beyond their amount (from the ledger), the money beyond, and what the
        /// back office's refunds report lists (nil: it has none).
        var overRefunded: Int
        var excess: Int64
        var reportedOverRefunded: Int?
        /// The back office's `refund-excess:` corrections and their points.
        var corrections: Int
        var correctionPoints: Int64

        init(requests: [RequestRecord], ledger: RefundLedger, refunds: StoreChecks.Refunds) {
            let asked = requests.filter { $0.refund != nil }
            self.asked = asked.count
            ended = Dictionary(grouping: asked) { $0.outcome == "completed" ? "completed" : $0.refusal ?? $0.outcome }.mapValues(\.count)
            atAnotherTill = asked.filter { $0.refund?.saleTerminal != $0.terminal }.count
            withReceipt = asked.filter { $0.refund?.withReceipt == true }.count
            let all = ledger.refunds.values.flatMap { $0 }
            journaled = all.count
            byBasis = Dictionary(grouping: all, by: \.details.basis.rawValue).mapValues(\.count)
            withoutCard = all.filter(\.withoutCard).count
            fallbacks = all.filter(\.fallback).count
            let over = ledger.refunds.keys.compactMap { key in
                ledger.sales[key].map { ledger.refunded(key) - $0.record.amount }.flatMap { $0 > 0 ? $0 : nil }
            }
            overRefunded = over.count
            excess = over.reduce(0, +)
            reportedOverRefunded = refunds.overRefunds?.count
            let corrections = refunds.corrections
            self.corrections = corrections.count
            correctionPoints = corrections.reduce(0) { $0 + $1.1.points }
        }

        /// The report's lines.
        var lines: [String] {
            func list(_ counts: [String: Int]) -> String {
                counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            }
            return [
                "",
                "refunds at any till: \(asked) asked (\(list(ended))), \(atAnotherTill) at another till than the sale's, "
                    + "\(withReceipt) with the receipt",
                "  journaled: \(journaled) (\(list(byBasis))), \(withoutCard) without the card, \(fallbacks) on the offline rules "
                    + "(the back office too slow or out of reach)",
                "  over-refunded sales: \(overRefunded) in the ledger (\(excess) beyond their amounts), "
                    + (reportedOverRefunded.map { "\($0) in the back office's refunds report" } ?? "the back office has no refunds report")
                    + "; \(corrections) refund-excess corrections (\(correctionPoints >= 0 ? "+" : "")\(correctionPoints) points)",
            ]
        }
    }
}
