/// Refunds and returns, linked to the original sale.
///
/// Amounts already refunded are the larger of the journal's record and the
/// card's ``RefundMark`` for the sale, so a sale is never refunded twice, even
/// through a terminal whose journal has not seen the first refund.
///
/// Proportions are cumulative, so partial refunds add up exactly: after
/// refunding R of a bill B in total,
/// - bill points taken back so far are `floor(billPoints × R / B)`;
/// - redeemed points given back so far are `floor(redeemedPoints × R / B)`;
/// - qualifying spend removed so far is `floor(qualifyingSpend × R / B)`;
/// - bonus points (visit, birthday, win-back, welcome) are taken back only
///   when R reaches B.
/// Each refund takes the difference from the previous total. Given-back
/// points go into the current month's lot; taken-back points come from the
/// oldest lots first. A shortfall follows the programme's
/// ``NegativeBalancePolicy``. Qualifying spend leaves the month of the sale
/// (if it is still in the window); a refund never downgrades on the spot.
enum RefundRule {
    static func apply(_ e: inout Evaluation, refund: Refund) throws(EngineError) {
        let record = refund.original
        try validate(record)
        if let days = e.programme.refunds.maxAgeDays, e.today.number - record.day.number > days {
            throw .refundTooLate(saleDay: record.day, maxAgeDays: days)
        }
        let marked = e.state.refunds.first { $0.saleId == record.saleId }?.refundedAmount ?? 0
        let before = max(record.refundedAmount, min(marked, record.amount))
        let remaining = record.amount - before
        let asked: Int64
        switch refund.amount {
        case .full: asked = remaining
        case .amount(let value):
            guard value >= 0 else { throw .invalidInput(field: "refund.amount", problem: "negative") }
            asked = value
        }
        let refunded = min(asked, remaining)
        var updated = record
        updated.refundedAmount = before
        guard refunded > 0 else {
            e.line(
                .refund,
                record.amount == 0
                    ? "Sale \(record.saleId) had no amount: no points to take back"
                    : "Sale \(record.saleId) already refunded: no points to take back")
            e.result.saleRecord = updated
            return
        }
        let after = before + refunded
        let shares = try RefundShares(of: record, from: before, to: after)
        let takeBack = shares.takeBack
        let giveBack = shares.giveBack
        let spendBack = shares.spendBack

        e.line(.refund, "Refund of \(e.money(refunded)) on sale \(record.saleId)", -takeBack)
        if giveBack > 0 {
            e.line(.refund, "Points used on the refunded part given back", giveBack)
            try e.creditNow(giveBack)
            e.result.returnedPoints = giveBack
        }
        settle(&e, takeBack: takeBack)
        removeSpend(&e, spendBack, month: record.day.month)
        remember(&e, saleId: record.saleId, refunded: after)
        updated.refundedAmount = after
        e.result.saleRecord = updated
        e.result.refundedAmount = refunded
    }

    /// Takes points back, oldest lots first, then applies the negative-balance policy.
    private static func settle(_ e: inout Evaluation, takeBack: Int64) {
        let taken = e.state.spendOldestFirst(takeBack)
        let shortfall = takeBack - taken
        guard shortfall > 0 else {
            e.result.takenBackPoints = takeBack
            return
        }
        switch e.programme.refunds.negativeBalance {
        case .carryDebt:
            e.state.debt += shortfall
            e.result.takenBackPoints = takeBack
            e.line(.debt, "\(pointsText(shortfall)) owed, paid off by the next points earned")
        case .writeOff:
            e.result.takenBackPoints = taken
            e.result.writtenOffPoints = shortfall
            e.line(.debt, "\(pointsText(shortfall)) not in the balance, written off", shortfall)
        }
    }

    private static func removeSpend(_ e: inout Evaluation, _ amount: Int64, month: Month) {
        guard amount > 0, let index = e.state.spend.firstIndex(where: { $0.month == month }) else { return }
        e.state.spend[index].amount -= min(amount, e.state.spend[index].amount)
        if e.state.spend[index].amount == 0 { e.state.spend.remove(at: index) }
    }

    private static func remember(_ e: inout Evaluation, saleId: String, refunded: Int64) {
        e.state.refunds.removeAll { $0.saleId == saleId }
        e.state.refunds.append(RefundMark(saleId: saleId, refundedAmount: refunded))
        if e.state.refunds.count > MemberState.maxRefundMarks { e.state.refunds.removeFirst() }
    }

    private static func validate(_ r: SaleRecord) throws(EngineError) {
        func check(_ ok: Bool, _ field: String, _ problem: String) throws(EngineError) {
            if !ok { throw .invalidInput(field: "refund.original.\(field)", problem: problem) }
        }
        try check(!r.saleId.isEmpty && r.saleId.utf8.count <= Sale.maxIdBytes, "saleId", "must be 1 to \(Sale.maxIdBytes) bytes")
        try check(r.amount >= 0, "amount", "negative")
        try check((0...r.amount).contains(r.refundedAmount), "refundedAmount", "outside 0...amount")
        try check(r.billPoints >= 0 && r.bonusPoints >= 0 && r.redeemedPoints >= 0, "points", "negative")
        try check(r.qualifyingSpend >= 0, "qualifyingSpend", "negative")
    }
}
