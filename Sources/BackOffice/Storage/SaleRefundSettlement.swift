/// The points a sale's refunds should have taken, against those they took: each refund's points
/// are taken exactly once, even when two offline tills refunded the same sale without knowing
/// of each other (`docs/programme.md` §3.8, "Refunds at several tills").
///
/// With B the sale's amount and R = min(B, Σ refund amounts), the refunds together should have
/// taken T* = floor(billPoints × R / B) + (R == B ? bonusPoints : 0) and given back
/// G* = floor(redeemedPoints × R / B) (nothing when B = 0). The member is owed
/// (ΣT − T*) − (ΣG − G*), T counting the points written off: positive, points to give back;
/// negative, points still to take.
public struct SaleRefundSettlement: Sendable, Equatable {
    public var sale: ProjectedSale
    /// Σ of the refunds' amounts, points taken (written off included) and points given back.
    public var refunded: Int64
    public var takenBack: Int64
    public var returned: Int64

    public init(sale: ProjectedSale, refunded: Int64, takenBack: Int64, returned: Int64) {
        self.sale = sale
        self.refunded = refunded
        self.takenBack = takenBack
        self.returned = returned
    }

    /// R: the part of the sale refunded, at most all of it.
    public var covered: Int64 { max(0, min(sale.amount, refunded)) }

    /// Money refunded beyond the sale: what the shop has to chase.
    public var excess: Int64 { max(0, refunded - sale.amount) }

    /// T*: the points all the refunds should have taken.
    public var dueTakenBack: Int64 {
        guard sale.amount > 0 else { return 0 }
        return Self.share(sale.billPoints, covered, of: sale.amount) + (covered == sale.amount ? sale.bonusPoints : 0)
    }

    /// G*: the redeemed points all the refunds should have given back.
    public var dueReturned: Int64 {
        guard sale.amount > 0 else { return 0 }
        return Self.share(sale.redeemedPoints, covered, of: sale.amount)
    }

    /// The points owed to the member in all (negative: owed by them).
    public var owed: Int64 { (takenBack - dueTakenBack) - (returned - dueReturned) }

    /// floor(total × part / whole), without overflow (0 ≤ part ≤ whole, whole > 0).
    static func share(_ total: Int64, _ part: Int64, of whole: Int64) -> Int64 {
        let product = total.multipliedFullWidth(by: part)
        let (quotient, remainder) = whole.dividingFullWidth(product)
        // dividingFullWidth truncates towards zero; floor for a negative total.
        return remainder != 0 && (remainder < 0) != (whole < 0) ? quotient - 1 : quotient
    }

    /// The reference of the adjustment that settles what `transaction` made due:
    /// `refund-excess:T<terminal>-<sequence>`.
    public static func reference(terminal: UInt32, sequence: UInt64) -> String { "refund-excess:T\(terminal)-\(sequence)" }

    /// The adjustment that settles what is owed beyond the `settled` points already corrected
    /// for this sale (`reference`: ``reference(terminal:sequence:)`` of the transaction that made
    /// it due; `tills`: how many refunded the sale); `nil` when nothing more is owed.
    public func correction(settled: Int64, tills: Int, reference: String) -> NewAdjustment? {
        let due = owed - settled
        guard due != 0 else { return nil }
        return NewAdjustment(member: sale.member, points: due, reason: reason(tills: tills), reference: reference)
    }

    /// The adjustment's reason, for the receipt.
    public func reason(tills: Int) -> String {
        tills > 1
            ? "Correction: sale \(sale.saleId) refunded at \(tills) tills"
            : "Correction: the points of the refunds of sale \(sale.saleId)"
    }
}
