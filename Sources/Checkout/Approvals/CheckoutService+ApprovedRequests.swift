import LedgerFormat
import PointsEngine

extension CheckoutService {
    /// A sale's approval of a redemption over the limits, checked before the tap: `nil` to go
    /// on (no credential given, or it was proved and is kept for pricing and the journal), or
    /// the refused answer. Whether it lifts the limits is the programme's call
    /// (`approvals.redemptionOverLimit`); a credential given is checked either way.
    func approveRedemption(_ request: SaleRequest) -> CheckoutAnswer? {
        guard let credential = request.approval, request.redemption != .none else { return nil }
        switch checkApproval(of: .redemptionOverLimit, credential: credential) {
        case .failure(let refusal): return .refused(.sale, request.saleId, refusal.code, refusal.reason)
        case .success(let record):
            if let record { approvedRequests.withLock { $0[request.saleId] = record } }
            return nil
        }
    }

    /// A refund's approval, checked before the sale is looked for: needed without the receipt
    /// where the programme says so (`approvals.refundWithoutReceipt`); a credential given is
    /// checked either way. `nil` to go on.
    func approveRefund(_ request: RefundRequest) -> CheckoutAnswer? {
        guard request.receipt == nil || request.approval != nil else { return nil }
        switch checkApproval(of: .refundWithoutReceipt, credential: request.approval) {
        case .failure(let refusal): return .refused(.refund, request.refundId, refusal.code, refusal.reason)
        case .success(let record):
            if let record { approvedRequests.withLock { $0[request.refundId] = record } }
            return nil
        }
    }

    /// Whether the manager's approval of `requestId` lifts the redemption limits.
    func redemptionLimitsApproved(_ requestId: String?) -> Bool {
        guard let requestId, engine.programme.needsApproval(.redemptionOverLimit) else { return false }
        return approvedRequests.withLock { $0[requestId] } != nil
    }

    /// Records in `entry` who approved it and who asked, when a manager did.
    func recordApproval(in entry: inout LedgerEntry, requestId: String?, cashier: String?) {
        guard let requestId, let record = approvedRequests.withLock({ $0[requestId] }) else { return }
        entry.approval = record
        entry.cashier = cashier
    }
}
