import LedgerFormat
import PointsEngine

extension CheckoutService {
    /// A refund of a sale made at any till (`docs/checkout.md`, "Refunds at any till"): the sale
    /// is found first (the back office, which holds the refunded part while online; else this
    /// terminal's journal or the receipt's signed reference), then the member's card is tapped,
    /// or the points are settled without it.
    func runRefund(_ request: RefundRequest) async -> CheckoutAnswer {
        if let answer = answerFromJournal(.refund(request, nil)) { return answer }
        if let refused = approveRefund(request) { return refused }
        defer { approvedRequests.withLock { $0[request.refundId] = nil } }
        let basis: RefundBasis
        switch await findSale(for: request) {
        case .success(let found): basis = found
        case .failure(let refusal): return .refused(.refund, request.refundId, refusal.code, refusal.reason)
        }
        if let refusal = refundRefusal(basis) { return .refused(.refund, request.refundId, refusal.code, refusal.reason) }
        if request.withoutCard { return await refundWithoutCard(request, basis: basis) }
        return await run(.refund(request, basis))
    }

    /// What stops the refund before any tap: a sale fully refunded, or past the refund period.
    private func refundRefusal(_ basis: RefundBasis) -> Refusal? {
        let record = basis.record
        if record.isFullyRefunded {
            return Refusal(.alreadyRefunded, "sale \(record.saleId) of terminal \(basis.saleTerminal) is already fully refunded")
        }
        let programme = engine.programme
        let today = now().day(utcOffsetMinutes: programme.utcOffsetMinutes)
        if let days = programme.refunds.maxAgeDays, today.number - record.day.number > days {
            return Refusal(.refundTooLate, EngineError.refundTooLate(saleDay: record.day, maxAgeDays: days).description)
        }
        return nil
    }

    /// Finds the sale `request` refunds: online, the back office holds the part refunded (its
    /// answer is the authority on what is refunded already); otherwise, or when it does not
    /// know the sale yet, this terminal's journal, then the receipt's signed reference.
    func findSale(for request: RefundRequest) async -> Result<RefundBasis, Refusal> {
        let own = configuration.terminalID
        var receipt: ReceiptReference?
        if let text = request.receipt {
            do {
                let verified = try ReceiptReference(verifying: text, policy: terminal.policy)
                guard verified.record.saleId == request.saleId else {
                    return .failure(Refusal(.receiptRefused, "the receipt is for sale \(verified.record.saleId), not \(request.saleId)"))
                }
                receipt = verified
            } catch {
                return .failure(Refusal(.receiptRefused, error.reason))
            }
        }
        let local = state.withLock { state in
            state.index.sales[LedgerIndex.saleKey(request.saleId, terminal: receipt?.terminalID ?? own, own: own)]
        }
        let ownSale = local?.saleSequence != nil || (receipt == nil && local != nil)
        var fallback: String?
        let box = memberLookup.withLock { $0 }
        var backOfficeKnowsNone = false
        if let box, state.withLock({ $0.online }) {
            let saleTerminal = receipt?.terminalID ?? (ownSale ? own : nil)
            let hold = await box.ask {
                await $0.holdRefund(of: request.saleId, at: saleTerminal, amount: request.amount, for: request.refundId)
            }
            switch hold {
            case .granted(let held)?:
                var record = held.record
                record.refundedAmount = min(record.amount, max(record.refundedAmount, local?.latest?.refundedAmount ?? 0))
                return .success(
                    RefundBasis(
                        record: record, saleTerminal: held.saleTerminal, saleSequence: held.saleSequence, member: held.member,
                        card: held.card, basis: .backOffice))
            case .refused(let refusal)?: return .failure(refusal)
            case .unknownSale?: backOfficeKnowsNone = true
            case .unreachable(let why)?:
                logger.info("the back office could not hold a refund: \(why)")
                fallback = "the back office is out of reach"
            case nil: fallback = "the back office did not answer within \(box.budget.milliseconds) ms"
            }
        }
        if ownSale, let local, let latest = local.latest {
            return .success(
                RefundBasis(
                    record: latest, saleTerminal: own, saleSequence: local.saleSequence, member: local.member, card: local.card,
                    basis: .journal, fallback: fallback))
        }
        if let receipt {
            var record = receipt.record
            record.refundedAmount = min(record.amount, local?.latest?.refundedAmount ?? 0)
            return .success(
                RefundBasis(
                    record: record, saleTerminal: receipt.terminalID, saleSequence: nil,
                    member: receipt.member, card: receipt.card, basis: .receipt, fallback: fallback))
        }
        if box == nil {
            return .failure(Refusal(.unknownSale, "sale \(request.saleId) is not in this terminal's journal"))
        }
        if backOfficeKnowsNone {
            // It may exist all the same: a sale at another till reaches the back office when that
            // till syncs. The receipt proves it.
            return .failure(
                Refusal(
                    .receiptNeeded,
                    "neither this terminal's journal nor the back office knows sale \(request.saleId) (yet: another till's sale arrives when it syncs): scan the receipt's reference"
                ))
        }
        return .failure(
            Refusal(
                .receiptNeeded,
                "sale \(request.saleId) is not in this terminal's journal and the back office cannot be asked now: scan the receipt's reference"
            ))
    }
}
