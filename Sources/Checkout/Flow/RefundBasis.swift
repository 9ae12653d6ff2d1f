import LedgerFormat
import PointsEngine

/// The sale a refund refunds, as the terminal found it before the tap.
struct RefundBasis: Sendable {
    /// The sale's record; its `refundedAmount` is what is known refunded already (or held by
    /// other refunds at the back office).
    var record: SaleRecord
    var saleTerminal: UInt32
    var saleSequence: UInt64?
    /// The sale's member (`nil` only for entries written before members were recorded).
    var member: String?
    /// The sale's card (`nil` for a sale made without the card).
    var card: String?
    var basis: RefundDetails.Basis
    /// Why the terminal went on without the back office it asked (too slow, out of reach).
    var fallback: String?

    /// The receipt line that says where the sale was found.
    var line: ExplanationLine {
        let sale = "Sale \(record.saleId) of terminal \(saleTerminal)"
        let text =
            switch basis {
            case .journal: "\(sale), from this terminal's journal"
            case .backOffice: "\(sale), held for this refund at the back office"
            case .receipt: "\(sale), from the receipt's signed reference"
            }
        return ExplanationLine(rule: .refund, text: fallback.map { "\(text) (\($0): offline rules)" } ?? text, points: 0)
    }

    /// The ledger entry's refund details once the engine refunded `amount`.
    func details(amount: Int64) -> RefundDetails {
        RefundDetails(saleTerminal: saleTerminal, saleSequence: saleSequence, amount: amount, basis: basis)
    }
}
