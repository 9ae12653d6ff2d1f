import LedgerFormat

/// One POS request, as the flow carries it.
enum CheckoutWork: Sendable {
    case sale(SaleRequest)
    /// A refund, with the sale it refunds once found (``RefundBasis``; `nil` until then).
    case refund(RefundRequest, RefundBasis?)
    case balance(BalanceRequest)
    case enrolment(EnrolmentRequest)
    /// A till adjustment, with the approval checked before the tap (`nil`: none needed or given).
    case adjustment(AdjustmentRequest, approval: ApprovalRecord?)
    /// A reversal of the last transaction, with its approval.
    case reversal(ReversalRequest, approval: ApprovalRecord?)
    /// A manager's card tap for an approval token.
    case approval(ApprovalRequest)

    var kind: CheckoutAnswer.Kind {
        switch self {
        case .sale: .sale
        case .refund: .refund
        case .balance: .balance
        case .enrolment: .enrolment
        case .adjustment: .adjustment
        case .reversal: .reversal
        case .approval: .approval
        }
    }

    /// The sale or refund id; balance enquiries have none.
    var requestId: String? {
        switch self {
        case .sale(let request): request.saleId
        case .refund(let request, _): request.refundId
        case .balance: nil
        case .enrolment(let request): request.enrolmentId
        case .adjustment(let request, _): request.adjustmentId
        case .reversal(let request, _): request.reversalId
        case .approval: nil
        }
    }

    var waitSeconds: Int? {
        switch self {
        case .sale(let request): request.waitSeconds
        case .refund(let request, _): request.waitSeconds
        case .balance(let request): request.waitSeconds
        case .enrolment(let request): request.waitSeconds
        case .adjustment(let request, _): request.waitSeconds
        case .reversal(let request, _): request.waitSeconds
        case .approval(let request): request.waitSeconds
        }
    }

    /// Whether `entry` journaled this same request (a retry), not another one under the same id.
    func isSameRequest(as entry: LedgerEntry) -> Bool {
        switch self {
        case .sale(let request): entry.kind == .sale && entry.sale == request.sale
        case .refund(let request, _):
            entry.kind == .refund && entry.refundedSaleId == request.saleId && entry.refundAmount == request.amount
                && (entry.trust == CardlessPurchase.trust) == request.withoutCard
        case .balance: false
        case .enrolment(let request):
            entry.kind == .enrolment && entry.enrolment?.phone == PhoneNumber.normalised(request.phone)
                && entry.enrolment?.referrer == request.referrer
        case .adjustment(let request, _):
            entry.kind == .adjustment && entry.adjustedPoints == request.points && entry.reason == request.reason
        case .reversal(let request, _): entry.kind == .reversal && entry.reversed?.requestId == request.transactionId
        case .approval: false
        }
    }
}
