import LedgerFormat
import PointsEngine

/// Accumulates the retention figures of a period over the synced transactions, in any order,
/// in memory proportional to the members (and to the sales of the period, for their refunds).
/// Feed it every transaction voided by a `void` entry first (``void(terminal:sequence:)``),
/// then every transaction (``add(terminal:sequence:payload:)``).
struct RetentionCalculator {
    let period: RetentionPeriod
    private var voided: Set<TransactionID> = []
    private var buyersBefore: Set<String> = []
    private var purchasesInPeriod: [String: Int] = [:]
    /// Amount of each sale of the period, by member and sale id.
    private var saleAmounts: [SaleKey: Int64] = [:]
    /// The most refunded of each sale so far, by member and sale id.
    private var refunded: [SaleKey: Int64] = [:]
    private var latest: [String: LatestState] = [:]
    private var read = 0
    private var voidedRead = 0
    private var foreign = 0

    init(period: RetentionPeriod) { self.period = period }

    struct TransactionID: Hashable {
        var terminal: UInt32
        var sequence: UInt64
    }

    private struct SaleKey: Hashable {
        var member: String
        var saleId: String
    }

    /// A member's state as of the latest transaction seen (by time, then terminal and sequence).
    private struct LatestState {
        var order: (Int64, UInt32, UInt64)
        var balance: Int64
        var tier: String
    }

    private static let voidedKey = Array(#""voided""#.utf8)

    /// The `void` entry in `payload`, if it is one: the transaction it voids.
    static func voidedTransaction(terminal: UInt32, payload: [UInt8]) -> TransactionID? {
        guard payload.firstRange(of: voidedKey) != nil, let entry = LedgerEntry.decode(payload),
            entry.kind == .void, let sequence = entry.voided
        else { return nil }
        return TransactionID(terminal: terminal, sequence: sequence)
    }

    mutating func void(_ transaction: TransactionID) { voided.insert(transaction) }

    mutating func add(terminal: UInt32, sequence: UInt64, payload: [UInt8]) {
        read += 1
        guard !voided.contains(TransactionID(terminal: terminal, sequence: sequence)) else {
            voidedRead += 1
            return
        }
        guard let entry = LedgerEntry.decode(payload) else {
            foreign += 1
            return
        }
        guard entry.time < period.to, let member = entry.member else { return }
        // A purchase without the card holds no state of the member's card: its points reach the
        // card as an adjustment, and the card's next state counts them.
        if entry.trust != CardlessPurchase.trust, let state = entry.memberState() {
            let order = (entry.time, terminal, sequence)
            if latest[member].map({ $0.order < order }) ?? true {
                latest[member] = LatestState(order: order, balance: state.balance, tier: state.tierId)
            }
        }
        switch entry.kind {
        case .sale:
            switch period.window(of: entry.time) {
            case 0:
                buyersBefore.insert(member)
            case 1:
                purchasesInPeriod[member, default: 0] += 1
                if let saleId = entry.saleRecord?.saleId ?? entry.requestId {
                    saleAmounts[SaleKey(member: member, saleId: saleId)] = entry.saleRecord?.amount ?? entry.sale?.amount ?? 0
                }
            default:
                break
            }
        case .refund:
            if let record = entry.saleRecord {
                let key = SaleKey(member: member, saleId: entry.refundedSaleId ?? record.saleId)
                refunded[key] = max(refunded[key] ?? 0, record.refundedAmount)
            }
        case .reversal:
            // A sale or refund reversed: the sale's record says what is refunded now.
            if let record = entry.saleRecord {
                refunded[SaleKey(member: member, saleId: record.saleId)] = record.refundedAmount
            }
        case .balance, .void, .checkpoint, .enrolment, .adjustment, .survey:
            break
        }
    }

    /// The figures, from what was added.
    func report() -> RetentionReport {
        let buyers = Set(purchasesInPeriod.keys)
        let netSales = saleAmounts.reduce(Int64(0)) { total, sale in total + max(0, sale.value - (refunded[sale.key] ?? 0)) }
        var tiers: [String: Int] = [:]
        for state in latest.values { tiers[state.tier, default: 0] += 1 }
        return RetentionReport(
            period: period,
            counts: RetentionCounts(
                start: buyersBefore.count, end: buyers.count, retained: buyers.intersection(buyersBefore).count,
                repeaters: purchasesInPeriod.values.filter { $0 >= 2 }.count, purchases: purchasesInPeriod.values.reduce(0, +),
                netSales: netSales),
            tierMix: tiers, outstandingPoints: latest.values.reduce(0) { $0 + $1.balance }, members: latest.count,
            transactionsRead: read, voided: voidedRead, foreign: foreign)
    }
}
