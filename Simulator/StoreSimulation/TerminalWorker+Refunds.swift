/// What a cashier needs for refunds of sales made at any till (``Scenario/refunds``): the
/// sales' answers of every till, and the tills themselves.
struct RefundContext: Sendable {
    let sales: SaleAnswers
    /// Every terminal of the store, by index.
    let terminals: [StoreTerminal]
    /// How long a refund waits for the answer of its sale at another till.
    var saleAnswerTimeout: Duration = .seconds(90)
    /// How long a refund at another till without the receipt waits for the sale to be synced.
    var syncTimeout: Duration = .seconds(5)
}

extension TerminalWorker {
    /// A refund of ``Scenario/refunds``: once the sale has its answer (made at another till, it
    /// may still be under way there), with the sale's receipt reference when drawn so, with the
    /// card or without it. A refund at another till without the receipt first waits a little
    /// for the sale to be synced, and notes whether it was (else the back office cannot know
    /// the sale yet, and `unknown-sale` is the right answer). A sale that never completed is not
    /// refunded: the refund is recorded as skipped.
    func performRefund(_ request: PlannedRequest, of saleId: String, madeAt saleTerminal: Int, _ context: RefundContext) async {
        guard case .refund(let id, _, let amount) = request.kind else { return }
        var trace = RefundTrace(saleId: saleId, saleTerminal: saleTerminal, withoutCard: request.cardless)
        let sale = await context.sales.answer(of: saleId, waiting: saleTerminal == terminal.index ? .zero : context.saleAnswerTimeout)
        guard let sale, sale.completed else {
            var record = newRecord(member: request.member)
            record.outcome = "skipped"
            trace.skipped =
                sale.map { "sale \(saleId) ended \($0.ended)" }
                ?? "sale \(saleId) had no answer within \(context.saleAnswerTimeout.components.seconds) s"
            record.refund = trace
            record.index = request.index
            record.kind = request.name
            record.requestId = id
            await log.record(record)
            return
        }
        let receipt = request.receipt ? sale.receipt : nil
        trace.withReceipt = receipt != nil
        if saleTerminal != terminal.index, receipt == nil, let sequence = sale.journalSequence {
            trace.saleSynced = await synced(sequence, at: context.terminals[saleTerminal], within: context.syncTimeout)
        }
        let body = Self.refundBody(id: id, saleId: saleId, amount: amount, receipt: receipt, withoutCard: request.cardless)
        var record = await send(request, path: "/v1/refunds", body: body, id: id, trace: trace)
        record.receipt = nil
        await log.record(record)
    }

    /// `POST /v1/refunds`'s body.
    static func refundBody(id: String, saleId: String, amount: Int64?, receipt: String?, withoutCard: Bool) -> String {
        let part = amount.map { #","amount":\#($0)"# } ?? ""
        let reference = receipt.map { #","receipt":"\#($0)""# } ?? ""
        let card = withoutCard ? #","withoutCard":true"# : ""
        return #"{"refundId":"\#(id)","saleId":"\#(saleId)","waitSeconds":10\#(part)\#(reference)\#(card)}"#
    }

    /// Whether `terminal` is seen, within `timeout`, to have its transaction `sequence` synced.
    private func synced(_ sequence: UInt64, at terminal: StoreTerminal, within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            if let health = await terminal.health(), health.surelySynced(sequence) { return true }
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
