import LedgerFormat
import PointsEngine

/// A manager's credential carried by an operation that needs approval: a manager id and PIN,
/// or the token a manager's card tap gave (`POST /v1/approvals`).
public enum ManagerCredential: Codable, Hashable, Sendable {
    /// The manager's id and PIN, typed at the till.
    case pin(manager: String, pin: String)
    /// A token from a manager's card tap: single-use, short-lived.
    case token(String)
}

/// Points added or taken at the till, with the member's card tapped: goodwill, or a correction
/// (`POST /v1/adjustments`, `docs/checkout.md`, "Adjustments, reversals and approvals").
public struct AdjustmentRequest: Codable, Hashable, Sendable {
    /// The POS's identifier of this adjustment (same rules as a sale id). Sending it again gives
    /// the same answer.
    public var adjustmentId: String
    /// Points added (positive) or taken (negative); never 0.
    public var points: Int64
    /// Why, printed on the receipt and journaled (1 to 120 bytes).
    public var reason: String
    /// Who asks, as the POS names the cashier (1 to 64 bytes).
    public var cashier: String
    /// A manager's approval, when the programme needs one for these points.
    public var approval: ManagerCredential?
    /// Seconds to wait for the tap; the terminal's default when `nil`.
    public var waitSeconds: Int?

    public init(
        adjustmentId: String, points: Int64, reason: String, cashier: String, approval: ManagerCredential? = nil, waitSeconds: Int? = nil
    ) {
        self.adjustmentId = adjustmentId
        self.points = points
        self.reason = reason
        self.cashier = cashier
        self.approval = approval
        self.waitSeconds = waitSeconds
    }
}

/// This terminal's last transaction (a sale, a refund or an adjustment) undone, with the same card
/// tapped, within the programme's window (`POST /v1/reversals`).
public struct ReversalRequest: Codable, Hashable, Sendable {
    /// The POS's identifier of this reversal (same rules as a sale id).
    public var reversalId: String
    /// The request id of the transaction reversed (its sale, refund or adjustment id): it must
    /// be this terminal's last transaction.
    public var transactionId: String
    /// Why (1 to 120 bytes).
    public var reason: String
    /// Who asks (1 to 64 bytes).
    public var cashier: String
    /// A manager's approval, when the programme needs one for a reversal.
    public var approval: ManagerCredential?
    /// Seconds to wait for the tap; the terminal's default when `nil`.
    public var waitSeconds: Int?

    public init(
        reversalId: String, transactionId: String, reason: String, cashier: String, approval: ManagerCredential? = nil,
        waitSeconds: Int? = nil
    ) {
        self.reversalId = reversalId
        self.transactionId = transactionId
        self.reason = reason
        self.cashier = cashier
        self.approval = approval
        self.waitSeconds = waitSeconds
    }
}

/// A manager taps their card for an approval token (`POST /v1/approvals`).
public struct ApprovalRequest: Codable, Hashable, Sendable {
    /// Who asks for the approval (1 to 64 bytes).
    public var cashier: String
    /// Seconds to wait for the tap; the terminal's default when `nil`.
    public var waitSeconds: Int?

    public init(cashier: String, waitSeconds: Int? = nil) {
        self.cashier = cashier
        self.waitSeconds = waitSeconds
    }
}

extension RequestRules {
    /// Every problem of `request`; empty when it is acceptable. `maximumPoints` is the
    /// programme's ``PointsEngine/ApprovalRules/maximumAdjustmentPoints``.
    public func problems(_ request: AdjustmentRequest, maximumPoints: Int64) -> [FieldProblem] {
        var problems = Self.identifierProblems(request.adjustmentId, field: "adjustmentId")
        if request.points == 0 || request.points.magnitude > maximumPoints.magnitude {
            problems.append(FieldProblem("points", "must be from -\(maximumPoints) to \(maximumPoints), and not 0"))
        }
        problems += Self.textProblems(request.reason, field: "reason", maximumBytes: 120)
        problems += Self.textProblems(request.cashier, field: "cashier", maximumBytes: 64)
        problems += Self.credentialProblems(request.approval)
        problems += tillWaitProblems(request.waitSeconds)
        return problems
    }

    /// Every problem of `request`; empty when it is acceptable.
    public func problems(_ request: ReversalRequest) -> [FieldProblem] {
        var problems = Self.identifierProblems(request.reversalId, field: "reversalId")
        problems += Self.identifierProblems(request.transactionId, field: "transactionId")
        problems += Self.textProblems(request.reason, field: "reason", maximumBytes: 120)
        problems += Self.textProblems(request.cashier, field: "cashier", maximumBytes: 64)
        problems += Self.credentialProblems(request.approval)
        problems += tillWaitProblems(request.waitSeconds)
        return problems
    }

    /// Every problem of `request`; empty when it is acceptable.
    public func problems(_ request: ApprovalRequest) -> [FieldProblem] {
        Self.textProblems(request.cashier, field: "cashier", maximumBytes: 64) + tillWaitProblems(request.waitSeconds)
    }

    private func tillWaitProblems(_ seconds: Int?) -> [FieldProblem] {
        guard let seconds, !(1...maximumWaitSeconds).contains(seconds) else { return [] }
        return [FieldProblem("waitSeconds", "must be from 1 to \(maximumWaitSeconds)")]
    }

    static func textProblems(_ text: String, field: String, maximumBytes: Int) -> [FieldProblem] {
        let bytes = text.utf8.count
        guard (1...maximumBytes).contains(bytes) else { return [FieldProblem(field, "must be 1 to \(maximumBytes) bytes, got \(bytes)")] }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return [FieldProblem(field, "may not hold control characters")]
        }
        return []
    }

    static func credentialProblems(_ credential: ManagerCredential?) -> [FieldProblem] {
        switch credential {
        case nil: []
        case .pin(let manager, let pin):
            textProblems(manager, field: "approval.manager", maximumBytes: 64)
                + ((4...12).contains(pin.utf8.count) && pin.utf8.allSatisfy { (0x30...0x39).contains($0) }
                    ? [] : [FieldProblem("approval.pin", "must be 4 to 12 digits")])
        case .token(let token):
            (1...64).contains(token.utf8.count) ? [] : [FieldProblem("approval.token", "must be 1 to 64 bytes")]
        }
    }
}

extension ManagerCredential: CustomStringConvertible, CustomDebugStringConvertible {
    /// The credential without its secret: a PIN or a token never reaches a log line.
    public var description: String {
        switch self {
        case .pin(let manager, _): "PIN of \(manager)"
        case .token: "card tap token"
        }
    }

    public var debugDescription: String { description }
}
