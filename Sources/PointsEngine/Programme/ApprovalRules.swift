/// What needs a manager's approval at the till, and how long the last transaction may be
/// reversed (`docs/programme.md` §3.12). Every field is optional in the JSON; a programme
/// without the `approvals` section gets ``init()``'s defaults, which change nothing that
/// existed before it: every till adjustment needs approval, a reversal does not, redemptions
/// over a limit and refunds without a receipt keep their old answers.
public struct ApprovalRules: Codable, Hashable, Sendable {
    /// The most points a till adjustment may add or take without approval (absolute value);
    /// 0: every adjustment needs one.
    public var adjustmentPointsWithoutApproval: Int64
    /// The most points one till adjustment may add or take, approved or not.
    public var maximumAdjustmentPoints: Int64
    /// Whether a redemption over the online or offline limit may go through with a manager's
    /// approval (otherwise it is refused, as without the section).
    public var redemptionOverLimit: Bool
    /// Whether a refund without the sale's receipt needs a manager's approval.
    public var refundWithoutReceipt: Bool
    /// How long after it was journaled this terminal's last transaction may be reversed, in
    /// seconds; 0: never.
    public var reversalWindowSeconds: Int
    /// Whether a reversal of the last transaction needs a manager's approval.
    public var reversalNeedsApproval: Bool

    /// Default: 0 points without approval, 100,000 points at most, no over-limit redemption, no
    /// approval for refunds, a reversal window of 300 seconds without approval.
    public init(
        adjustmentPointsWithoutApproval: Int64 = 0, maximumAdjustmentPoints: Int64 = 100_000, redemptionOverLimit: Bool = false,
        refundWithoutReceipt: Bool = false, reversalWindowSeconds: Int = 300, reversalNeedsApproval: Bool = false
    ) {
        self.adjustmentPointsWithoutApproval = adjustmentPointsWithoutApproval
        self.maximumAdjustmentPoints = maximumAdjustmentPoints
        self.redemptionOverLimit = redemptionOverLimit
        self.refundWithoutReceipt = refundWithoutReceipt
        self.reversalWindowSeconds = reversalWindowSeconds
        self.reversalNeedsApproval = reversalNeedsApproval
    }

    private enum CodingKeys: String, CodingKey {
        case adjustmentPointsWithoutApproval, maximumAdjustmentPoints, redemptionOverLimit, refundWithoutReceipt
        case reversalWindowSeconds, reversalNeedsApproval
    }

    /// Reads the section; a field left out takes its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ApprovalRules()
        adjustmentPointsWithoutApproval =
            try c.decodeIfPresent(Int64.self, forKey: .adjustmentPointsWithoutApproval) ?? defaults.adjustmentPointsWithoutApproval
        maximumAdjustmentPoints = try c.decodeIfPresent(Int64.self, forKey: .maximumAdjustmentPoints) ?? defaults.maximumAdjustmentPoints
        redemptionOverLimit = try c.decodeIfPresent(Bool.self, forKey: .redemptionOverLimit) ?? defaults.redemptionOverLimit
        refundWithoutReceipt = try c.decodeIfPresent(Bool.self, forKey: .refundWithoutReceipt) ?? defaults.refundWithoutReceipt
        reversalWindowSeconds = try c.decodeIfPresent(Int.self, forKey: .reversalWindowSeconds) ?? defaults.reversalWindowSeconds
        reversalNeedsApproval = try c.decodeIfPresent(Bool.self, forKey: .reversalNeedsApproval) ?? defaults.reversalNeedsApproval
    }
}

/// An operation at the till that the programme may make wait for a manager's approval.
public enum ApprovableOperation: Hashable, Sendable {
    /// A till adjustment adding (positive) or taking (negative) these points.
    case adjustment(points: Int64)
    /// A reversal of the terminal's last transaction.
    case reversal
    /// A redemption over the online or offline limit.
    case redemptionOverLimit
    /// A refund without the sale's receipt.
    case refundWithoutReceipt
}

extension ApprovalRules {
    /// Whether `operation` needs a manager's approval. For ``ApprovableOperation/redemptionOverLimit``
    /// true means the redemption may go through once approved; false, that it is refused as
    /// before (no approval can lift the limit).
    public func needsApproval(_ operation: ApprovableOperation) -> Bool {
        switch operation {
        case .adjustment(let points): points.magnitude > adjustmentPointsWithoutApproval.magnitude
        case .reversal: reversalNeedsApproval
        case .redemptionOverLimit: redemptionOverLimit
        case .refundWithoutReceipt: refundWithoutReceipt
        }
    }
}

extension Programme {
    /// The programme's approval rules: its `approvals` section, or the defaults.
    public var approvalRules: ApprovalRules { approvals ?? ApprovalRules() }

    /// Whether `operation` needs a manager's approval under this programme (``ApprovalRules/needsApproval(_:)``).
    public func needsApproval(_ operation: ApprovableOperation) -> Bool { approvalRules.needsApproval(operation) }

    func validateApprovals(_ c: inout IssueCollector) {
        guard let approvals else { return }
        c.points(approvals.adjustmentPointsWithoutApproval, "approvals.adjustmentPointsWithoutApproval")
        c.range(approvals.maximumAdjustmentPoints, 1...ProgrammeValidation.maximumPoints, "approvals.maximumAdjustmentPoints")
        c.check(
            approvals.adjustmentPointsWithoutApproval <= approvals.maximumAdjustmentPoints, "approvals.adjustmentPointsWithoutApproval",
            "\(approvals.adjustmentPointsWithoutApproval) is above maximumAdjustmentPoints \(approvals.maximumAdjustmentPoints)")
        c.range(approvals.reversalWindowSeconds, 0...86_400, "approvals.reversalWindowSeconds")
    }
}
