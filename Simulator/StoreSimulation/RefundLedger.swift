import LedgerFormat
import PointsEngine

/// The pulled ledger read for refunds at any till: every sale with its record, every refund with
/// its details, as the back office keeps them (`docs/backoffice.md`, "Refunds at any till"): a
/// transaction a `void` entry names does not count.
struct RefundLedger {
    typealias Pair = StoreChecks.Pair

    /// A sale, named as a refund names it: the terminal that made it and its sale id.
    struct SaleKey: Hashable, Comparable, CustomStringConvertible {
        var terminal: UInt32
        var saleId: String

        static func < (a: Self, b: Self) -> Bool { (a.terminal, a.saleId) < (b.terminal, b.saleId) }
        var description: String { "sale \(saleId) of terminal \(terminal)" }
    }

    struct Sale {
        var pair: Pair
        var member: String?
        var record: SaleRecord
    }

    struct Refund {
        var pair: Pair
        var refundId: String
        var member: String?
        var details: RefundDetails
        /// Points taken (written off included) and given back, from the journaled answer.
        var takenBack: Int64
        var returned: Int64
        /// Made without the card (`trust` `no-card`).
        var withoutCard: Bool
        /// The answer said the back office was too slow (`offline-rules`).
        var fallback: Bool
    }

    /// Every sale not voided, by its key.
    let sales: [SaleKey: Sale]
    /// Every refund not voided, by the sale it refunds.
    let refunds: [SaleKey: [Refund]]
    /// The transactions a void names.
    let voided: Set<Pair>
    /// The sale each refund or void of a refund settles (its `refund-excess:T<t>-<seq>` reference).
    let settles: [Pair: SaleKey]

    init(_ pulled: [PulledTransaction]) {
        var entries: [Pair: LedgerEntry] = [:]
        for transaction in pulled {
            if let entry = LedgerEntry.decode(transaction.payload) {
                entries[Pair(terminal: transaction.terminal, sequence: transaction.sequence)] = entry
            }
        }
        let voids = entries.compactMap { pair, entry in entry.voided.map { (pair, Pair(terminal: pair.terminal, sequence: $0)) } }
        let voided = Set(voids.map(\.1))
        var sales: [SaleKey: Sale] = [:]
        var refunds: [SaleKey: [Refund]] = [:]
        var settles: [Pair: SaleKey] = [:]
        for (pair, entry) in entries {
            switch entry.kind {
            case .sale:
                guard !voided.contains(pair), let record = entry.saleRecord else { continue }
                sales[SaleKey(terminal: pair.terminal, saleId: entry.requestId ?? record.saleId)] = Sale(
                    pair: pair, member: entry.member, record: record)
            case .refund:
                guard let details = entry.refund, let saleId = entry.refundedSaleId ?? entry.saleRecord?.saleId else { continue }
                let key = SaleKey(terminal: details.saleTerminal, saleId: saleId)
                settles[pair] = key
                guard !voided.contains(pair) else { continue }
                let points = entry.answer?.points
                refunds[key, default: []].append(
                    Refund(
                        pair: pair, refundId: entry.requestId ?? "", member: entry.member, details: details,
                        takenBack: (points?.takenBack ?? 0) + (points?.writtenOff ?? 0), returned: points?.returned ?? 0,
                        withoutCard: entry.trust == "no-card", fallback: entry.answer?.fallback != nil))
            default:
                continue
            }
        }
        for (void, target) in voids { if let key = settles[target] { settles[void] = key } }
        self.sales = sales
        self.refunds = refunds.mapValues { $0.sorted { $0.pair < $1.pair } }
        self.voided = voided
        self.settles = settles
    }

    /// Σ of the refunds' amounts of the sale.
    func refunded(_ key: SaleKey) -> Int64 { (refunds[key] ?? []).reduce(0) { $0 + $1.details.amount } }

    /// The points all the refunds of `sale` should have taken in all (taken back less given
    /// back), for `refunded` money refunded: with R = min(amount, refunded),
    /// floor(billPoints·R/amount) + (R == amount ? bonusPoints : 0) − floor(redeemedPoints·R/amount).
    static func due(_ sale: SaleRecord, refunded: Int64) -> Int64 {
        guard sale.amount > 0 else { return 0 }
        let covered = max(0, min(sale.amount, refunded))
        return share(sale.billPoints, covered, of: sale.amount) + (covered == sale.amount ? sale.bonusPoints : 0)
            - share(sale.redeemedPoints, covered, of: sale.amount)
    }

    /// floor(total × part / whole) without overflow (whole > 0).
    static func share(_ total: Int64, _ part: Int64, of whole: Int64) -> Int64 {
        let (quotient, remainder) = whole.dividingFullWidth(total.multipliedFullWidth(by: part))
        return remainder != 0 && (remainder < 0) != (whole < 0) ? quotient - 1 : quotient
    }

    /// `refund 'R-5' at terminal 102 #33 (300000, back-office, without the card)`.
    static func describe(_ refund: Refund) -> String {
        "refund \(refund.refundId) at terminal \(refund.pair.terminal) #\(refund.pair.sequence) (\(refund.details.amount), "
            + "\(refund.details.basis.rawValue)\(refund.withoutCard ? ", without the card" : ""))"
    }
}
