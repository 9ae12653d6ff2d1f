import LedgerFormat
import PointsEngine

/// The rules a request must meet before the terminal waits for a tap. Both the POS API and
/// the checkout service apply them, so a refused request never reaches the journal.
public struct RequestRules: Sendable {
    /// The programme's currency (ISO 4217).
    public var currency: String
    /// The largest bill the programme accepts, in minor units.
    public var maximumBill: Int64
    /// The longest wait for a tap a request may ask for.
    public var maximumWaitSeconds: Int

    /// Most excluded lines in one sale.
    public static let maximumExcludedLines = 32
    /// Most points one redemption request may name.
    public static let maximumRedemptionPoints: Int64 = 1_000_000_000_000

    public init(currency: String, maximumBill: Int64, maximumWaitSeconds: Int = 120) {
        self.currency = currency
        self.maximumBill = maximumBill
        self.maximumWaitSeconds = maximumWaitSeconds
    }

    /// The rules of `programme`.
    public init(programme: Programme, maximumWaitSeconds: Int = 120) {
        self.init(currency: programme.currency, maximumBill: programme.maximumBill, maximumWaitSeconds: maximumWaitSeconds)
    }

    /// Every problem of `request`; empty when it is acceptable.
    public func problems(_ request: SaleRequest) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        problems += Self.identifierProblems(request.saleId, field: "saleId")
        if request.amount <= 0 {
            problems.append(FieldProblem("amount", "must be a positive number of minor units"))
        } else if request.amount > maximumBill {
            problems.append(FieldProblem("amount", "\(request.amount) is above the programme's maximum bill \(maximumBill)"))
        }
        problems += currencyProblems(request.currency)
        if request.excluded.count > Self.maximumExcludedLines {
            problems.append(FieldProblem("excluded", "more than \(Self.maximumExcludedLines) lines"))
        }
        var excludedTotal: Int64 = 0
        for (index, line) in request.excluded.enumerated() {
            // Counted as JSON Schema's maxLength counts: Unicode code points.
            let kindLength = line.kind.unicodeScalars.count
            if kindLength == 0 || kindLength > 32 {
                problems.append(FieldProblem("excluded[\(index)].kind", "must be 1 to 32 characters"))
            }
            if line.amount < 0 || line.amount > maximumBill {
                problems.append(FieldProblem("excluded[\(index)].amount", "must be from 0 to \(maximumBill)"))
            } else {
                excludedTotal += line.amount
            }
        }
        if request.amount > 0, excludedTotal > request.amount {
            problems.append(FieldProblem("excluded", "lines total \(excludedTotal), more than the bill \(request.amount)"))
        }
        if case .points(let points) = request.redemption, points <= 0 || points > Self.maximumRedemptionPoints {
            problems.append(FieldProblem("redemption.points", "must be from 1 to \(Self.maximumRedemptionPoints)"))
        }
        problems += waitProblems(request.waitSeconds)
        problems += request.member?.problems ?? []
        problems += Self.approvalProblems(request.approval, cashier: request.cashier)
        return problems
    }

    /// Every problem of `request`; empty when it is acceptable.
    public func problems(_ request: RefundRequest) -> [FieldProblem] {
        var problems = Self.identifierProblems(request.refundId, field: "refundId")
        problems += Self.identifierProblems(request.saleId, field: "saleId")
        if let amount = request.amount, amount <= 0 || amount > maximumBill {
            problems.append(FieldProblem("amount", "must be from 1 to \(maximumBill) minor units, or absent for a full refund"))
        }
        if let receipt = request.receipt,
            receipt.unicodeScalars.count > ReceiptReference.maximumTextLength
                || !receipt.unicodeScalars.starts(with: ReceiptReference.textPrefix.unicodeScalars)
        {
            problems.append(
                FieldProblem(
                    "receipt",
                    "must be the receipt's reference: \(ReceiptReference.textPrefix)… up to \(ReceiptReference.maximumTextLength) characters"
                ))
        }
        problems += waitProblems(request.waitSeconds)
        problems += Self.approvalProblems(request.approval, cashier: request.cashier)
        return problems
    }

    /// Problems of an optional approval and the cashier who asks for it.
    static func approvalProblems(_ approval: ManagerCredential?, cashier: String?) -> [FieldProblem] {
        credentialProblems(approval) + (cashier.map { textProblems($0, field: "cashier", maximumBytes: 64) } ?? [])
    }

    /// Every problem of `request`; empty when it is acceptable.
    public func problems(_ request: EnrolmentRequest) -> [FieldProblem] {
        request.problems + waitProblems(request.waitSeconds)
    }

    /// Every problem of `request`; empty when it is acceptable.
    public func problems(_ request: BalanceRequest) -> [FieldProblem] {
        waitProblems(request.waitSeconds) + (request.member?.problems ?? [])
    }

    /// Problems of a sale or refund identifier.
    public static func identifierProblems(_ id: String, field: String) -> [FieldProblem] {
        let bytes = id.utf8.count
        guard bytes >= 1, bytes <= Sale.maxIdBytes else {
            return [FieldProblem(field, "must be 1 to \(Sale.maxIdBytes) bytes, got \(bytes)")]
        }
        let allowed = id.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.:/".unicodeScalars.contains(scalar))
        }
        return allowed ? [] : [FieldProblem(field, "may hold only letters, digits and - _ . : /")]
    }

    private func currencyProblems(_ code: String) -> [FieldProblem] {
        guard Currency(code: code) != nil else {
            return [FieldProblem("currency", "unknown currency \"\(code.prefix(8))\" (ISO 4217 code expected)")]
        }
        guard code == currency else {
            return [FieldProblem("currency", "\(code) is not the programme's currency \(currency)")]
        }
        return []
    }

    private func waitProblems(_ seconds: Int?) -> [FieldProblem] {
        guard let seconds else { return [] }
        guard (1...maximumWaitSeconds).contains(seconds) else {
            return [FieldProblem("waitSeconds", "must be from 1 to \(maximumWaitSeconds)")]
        }
        return []
    }
}
