import LedgerFormat

/// One POS request, as the flow carries it.
enum CheckoutWork: Sendable {
    case sale(SaleRequest)
    /// A refund, with the sale it refunds once found (``RefundBasis``; `nil` until then).
    case refund(RefundRequest, RefundBasis?)
    case balance(BalanceRequest)
    case enrolment(EnrolmentRequest)

    var kind: CheckoutAnswer.Kind {
        switch self {
        case .sale: .sale
        case .refund: .refund
        case .balance: .balance
        case .enrolment: .enrolment
        }
    }

    /// The sale or refund id; balance enquiries have none.
    var requestId: String? {
        switch self {
        case .sale(let request): request.saleId
        case .refund(let request, _): request.refundId
        case .balance: nil
        case .enrolment(let request): request.enrolmentId
        }
    }

    var waitSeconds: Int? {
        switch self {
        case .sale(let request): request.waitSeconds
        case .refund(let request, _): request.waitSeconds
        case .balance(let request): request.waitSeconds
        case .enrolment(let request): request.waitSeconds
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
        }
    }
}
