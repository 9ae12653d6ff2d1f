extension StoreChecks {
    /// What the back office said about refunds at any till (``Scenario/refunds``).
    struct Refunds {
        /// The over-refunded sales of its refunds report; nil: it has no refunds report.
        var overRefunds: [RefundLedger.SaleKey: StoreBackOffice.OverRefund]?
        /// Every adjustment it published (the `refund-excess:` ones are read).
        var adjustments: [Adjustment]

        /// The `refund-excess:T<t>-<seq>` adjustments, with the transaction each names.
        var corrections: [(Pair, Adjustment)] {
            adjustments.compactMap { adjustment in
                guard adjustment.reference.hasPrefix(Self.excessPrefix) else { return nil }
                let named = adjustment.reference.dropFirst(Self.excessPrefix.count + 1).split(separator: "-")
                guard adjustment.reference.dropFirst(Self.excessPrefix.count).first == "T", named.count == 2,
                    let terminal = UInt32(named[0]), let sequence = UInt64(named[1])
                else { return nil }
                return (Pair(terminal: terminal, sequence: sequence), adjustment)
            }
        }

        static let excessPrefix = "refund-excess:"
    }

    func refundChecks(_ refunds: Refunds) -> [Check] {
        let ledger = RefundLedger(pulled)
        return [unknownSaleRefused(ledger), notRefundedBeyond(ledger, refunds), pointsTakenOnce(ledger, refunds)]
    }

    /// No refund of a sale that exists (completed, and not voided) is refused `unknown-sale`. At
    /// another till without the receipt, before the sale's till synced it, the back office cannot
    /// know the sale yet: the terminal asks for the receipt (`receipt-needed`), counted apart.
    private func unknownSaleRefused(_ ledger: RefundLedger) -> Check {
        var sales: [String: RequestRecord] = [:]
        for request in requests where request.outcome == "completed" {
            if let id = request.requestId, request.kind.hasPrefix("sale ") || request.kind.hasPrefix("redemption ") { sales[id] = request }
        }
        var failures: [String] = []
        var perTerminal: [Int: Int] = [:]
        let receiptNeeded = requests.filter { $0.refusal == "receipt-needed" }.count
        for request in requests where request.refusal == "unknown-sale" {
            perTerminal[request.terminal, default: 0] += 1
            guard let trace = request.refund, let sale = sales[trace.saleId], let sequence = sale.journalSequence,
                let saleTerminal = terminalIDs[sale.terminal]
            else { continue }
            let pair = Pair(terminal: saleTerminal, sequence: sequence)
            guard !ledger.voided.contains(pair) else { continue }
            let how =
                trace.withReceipt
                ? "with the receipt"
                : trace.saleSynced == true
                    ? "after its till had synced it"
                    : trace.saleSynced == false ? "at another till before the sale was synced" : "at the till that made it"
            failures.append(
                "sale \(trace.saleId) (terminal \(saleTerminal) #\(sequence), completed, not voided): \(request.kind) refused unknown-sale "
                    + "at \(terminalName(request.terminal)) \(how)")
        }
        let refunds = requests.filter { $0.refund != nil }
        let skipped = refunds.filter { $0.refund?.skipped != nil }.count
        let counts = terminalIDs.keys.sorted().map { "\(terminalName($0)) \(perTerminal[$0] ?? 0)" }.joined(separator: ", ")
        return Check(
            name: "no refund of a sale that exists was refused unknown-sale", passed: failures.isEmpty,
            detail: "\(refunds.count - skipped) refunds asked (\(skipped) skipped: their sale never completed); refused unknown-sale: "
                + counts + "; refused receipt-needed (the sale not known to the back office yet, no receipt): \(receiptNeeded)",
            failures: Array(failures.prefix(20)))
    }

    /// No sale is refunded beyond its amount in the ledger, but the sales the back office reports
    /// as over-refunded (two tills each refunding it without knowing of the other); and every
    /// sale over its amount is in that report.
    private func notRefundedBeyond(_ ledger: RefundLedger, _ refunds: Refunds) -> Check {
        var failures: [String] = []
        var over: [RefundLedger.SaleKey] = []
        var unknown = 0
        for key in ledger.refunds.keys.sorted() {
            let refunded = ledger.refunded(key)
            guard let sale = ledger.sales[key] else {
                unknown += 1
                continue
            }
            guard refunded > sale.record.amount else {
                if refunds.overRefunds?[key] != nil {
                    failures.append(
                        "\(key): the back office reports it over-refunded, but its refunds add up to \(refunded) of \(sale.record.amount)")
                }
                continue
            }
            over.append(key)
            let list = (ledger.refunds[key] ?? []).map(RefundLedger.describe).joined(separator: ", ")
            guard let reported = refunds.overRefunds?[key] else {
                if refunds.overRefunds != nil {
                    failures.append(
                        "\(key): refunded \(refunded) of \(sale.record.amount) by \(list), but the back office's refunds report does not list it"
                    )
                }
                continue
            }
            if reported.refunded != refunded || reported.excess != refunded - sale.record.amount {
                failures.append(
                    "\(key): refunded \(refunded) of \(sale.record.amount) by \(list), but the back office reports \(reported.refunded) "
                        + "refunded, \(reported.excess) beyond the sale")
            }
        }
        for key in (refunds.overRefunds ?? [:]).keys.sorted() where ledger.refunds[key] == nil {
            failures.append("\(key): the back office reports it over-refunded, but the ledger holds no refund of it")
        }
        let excess = over.reduce(Int64(0)) { $0 + ledger.refunded($1) - (ledger.sales[$1]?.record.amount ?? 0) }
        var detail = "\(ledger.refunds.count) sales refunded in the ledger, \(over.count) of them beyond their amount (\(excess) in all)"
        if refunds.overRefunds == nil {
            detail += "; not checked against the back office: it has no refunds report"
            if !over.isEmpty { detail += " (" + over.prefix(5).map(\.description).joined(separator: ", ") + ")" }
        } else {
            detail += ", each reported by the back office"
        }
        if unknown > 0 { detail += "; \(unknown) refunded sales not in the ledger (voided)" }
        return Check(
            name: "no sale was refunded beyond its amount but those the back office reports as over-refunded", passed: failures.isEmpty,
            detail: detail, failures: Array(failures.prefix(20)))
    }

    /// Each refund's points taken exactly once: per sale, the points its refunds took (taken back
    /// and written off, less given back) less the back office's `refund-excess:` corrections
    /// for it equal the sale's shares of what was refunded in all.
    private func pointsTakenOnce(_ ledger: RefundLedger, _ refunds: Refunds) -> Check {
        let name = "every refund's points were taken exactly once"
        guard refunds.overRefunds != nil else {
            return Check(name: name, passed: true, detail: "not checked: the back office has no refunds report", failures: [])
        }
        var corrections: [RefundLedger.SaleKey: (points: Int64, count: Int)] = [:]
        var failures: [String] = []
        for (pair, adjustment) in refunds.corrections {
            guard let key = ledger.settles[pair] else {
                failures.append(
                    "\(adjustment.member): adjustment #\(adjustment.sequence) \(adjustment.reference) (\(Self.signed(adjustment.points)) points) names no refund"
                )
                continue
            }
            corrections[key, default: (0, 0)].points += adjustment.points
            corrections[key, default: (0, 0)].count += 1
        }
        var checked = 0
        for key in ledger.refunds.keys.sorted() {
            guard let sale = ledger.sales[key] else { continue }
            checked += 1
            let list = ledger.refunds[key] ?? []
            let refunded = ledger.refunded(key)
            let taken = list.reduce(Int64(0)) { $0 + $1.takenBack - $1.returned }
            let corrected = corrections[key]?.points ?? 0
            let due = RefundLedger.due(sale.record, refunded: refunded)
            guard taken - corrected != due else { continue }
            failures.append(
                "\(key) (member \(sale.member ?? "?"), \(sale.record.amount), \(sale.record.billPoints) bill points, "
                    + "\(sale.record.bonusPoints) bonus, \(sale.record.redeemedPoints) redeemed): its refunds "
                    + list.map { "\(RefundLedger.describe($0)) took \(Self.signed($0.takenBack - $0.returned))" }.joined(separator: ", ")
                    + " and the corrections gave back \(Self.signed(corrected)): \(Self.signed(taken - corrected)), "
                    + "but \(min(refunded, sale.record.amount)) refunded of it takes \(Self.signed(due))")
        }
        let count = corrections.values.reduce(0) { $0 + $1.count }
        return Check(
            name: name, passed: failures.isEmpty,
            detail: "\(checked) refunded sales: the points of their refunds less \(count) refund-excess corrections "
                + "(\(Self.signed(corrections.values.reduce(Int64(0)) { $0 + $1.points })) points) equal the sale's shares of what was refunded",
            failures: Array(failures.prefix(20)))
    }
}
