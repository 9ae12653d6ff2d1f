/// The rules of a sale, in order.
enum SaleEvaluation {
    static func apply(_ e: inout Evaluation, sale: Sale) throws(EngineError) {
        try validate(e, sale)
        let earning = e.programme.earning
        var excluded: Int64 = 0
        for line in sale.excluded where earning.excludedKinds.contains(line.kind) {
            excluded = try CheckedMath.add(excluded, line.amount, rule: .earning)
        }
        let eligible = sale.amount - excluded
        let qualifying = eligible > 0 && eligible >= earning.minimumBill

        // Discounts, then points as credit on what is due.
        let birthdayYear = BirthdayRuleEngine.dueYear(e, qualifying: qualifying)
        var discount = try DiscountRule.tierDiscount(&e, eligible: eligible)
        if let rule = e.programme.birthday, birthdayYear != nil {
            discount += try DiscountRule.birthdayDiscount(&e, rule: rule, remaining: eligible - discount)
        }
        let due = sale.amount - discount
        let credit = try RedemptionRule.apply(&e, request: sale.redemption, due: due)
        let base = max(0, eligible - discount - credit)

        // Points, at the tier held when the sale started. The lines saying what does not earn
        // belong to the earning step, after the discounts and the redemption.
        if excluded > 0 {
            e.line(.earning, "Not earning on \(e.money(excluded)) (\(excludedKinds(sale, earning)))")
        }
        if eligible > 0 && !qualifying {
            e.line(.earning, "Below the minimum bill of \(e.money(earning.minimumBill)): no points")
        }
        let billPoints = try EarningRule.apply(&e, base: base, qualifying: qualifying)
        var bonus = VisitRule.apply(&e, qualifying: qualifying)
        MonthlyGiftRule.apply(&e, qualifying: qualifying)
        if let year = birthdayYear {
            bonus = try CheckedMath.add(bonus, try BirthdayRuleEngine.givePoints(&e, year: year), rule: .birthday)
        }
        bonus = try CheckedMath.add(bonus, WinBackRuleEngine.apply(&e, qualifying: qualifying), rule: .winBack)
        bonus = try CheckedMath.add(
            bonus, ReferralRuleEngine.apply(&e, qualifying: qualifying, saleId: sale.saleId), rule: .referral)
        try e.creditNow(try CheckedMath.add(billPoints, bonus, rule: .ledger))

        let qualifyingSpend = qualifying ? base : 0
        if qualifying {
            try addSpend(&e, base)
            e.state.lastVisit = e.today
            e.state.hasPurchased = true
        }
        TierRule.upgrade(&e)

        e.result.earnedPoints = billPoints
        e.result.bonusPoints += bonus
        e.result.discount = discount
        e.result.amountDue = due - credit
        e.result.saleRecord = SaleRecord(
            saleId: sale.saleId, day: e.today, amount: sale.amount, qualifyingSpend: qualifyingSpend,
            billPoints: billPoints, bonusPoints: bonus, redeemedPoints: e.result.redeemedPoints)
    }

    private static func addSpend(_ e: inout Evaluation, _ amount: Int64) throws(EngineError) {
        guard amount > 0 else { return }
        if let last = e.state.spend.indices.last, e.state.spend[last].month == e.month {
            e.state.spend[last].amount = try CheckedMath.add(e.state.spend[last].amount, amount, rule: .tierChange)
        } else {
            e.state.spend.append(SpendBucket(month: e.month, amount: amount))
        }
    }

    private static func excludedKinds(_ sale: Sale, _ earning: EarningRules) -> String {
        var kinds: [String] = []
        for line in sale.excluded where earning.excludedKinds.contains(line.kind) && !kinds.contains(line.kind) {
            kinds.append(line.kind)
        }
        return kinds.joined(separator: ", ")
    }

    private static func validate(_ e: Evaluation, _ sale: Sale) throws(EngineError) {
        guard sale.currency == e.programme.currency else {
            throw .currencyMismatch(sale: sale.currency, programme: e.programme.currency)
        }
        guard !sale.saleId.isEmpty else { throw .invalidInput(field: "sale.saleId", problem: "empty") }
        guard sale.saleId.utf8.count <= Sale.maxIdBytes else {
            throw .invalidInput(field: "sale.saleId", problem: "longer than \(Sale.maxIdBytes) bytes")
        }
        guard sale.amount >= 0 else { throw .invalidInput(field: "sale.amount", problem: "negative") }
        guard sale.amount <= e.programme.maximumBill else {
            throw .billAboveMaximum(amount: sale.amount, maximum: e.programme.maximumBill)
        }
        var total: Int64 = 0
        for (i, line) in sale.excluded.enumerated() {
            guard line.amount >= 0 else { throw .invalidInput(field: "sale.excluded[\(i)].amount", problem: "negative") }
            total = try CheckedMath.add(total, line.amount, rule: .earning)
        }
        guard total <= sale.amount else {
            throw .invalidInput(field: "sale.excluded", problem: "excluded lines total more than the bill")
        }
    }
}
