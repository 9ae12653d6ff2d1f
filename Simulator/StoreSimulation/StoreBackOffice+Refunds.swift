import Foundation

/// What the back office says about refunds at any till: its refunds report and the corrections
/// it settled (`docs/backoffice.md`, "Refunds at any till").
extension StoreBackOffice {
    /// One sale the back office reports refunded for more than its amount.
    struct OverRefund: Sendable, Equatable {
        var amount: Int64
        var refunded: Int64
        var excess: Int64
        var refundCount: Int
    }

    /// `loyalty-backoffice report refunds --format json`, by sale; nil when this back office
    /// has no refunds report.
    func refundReport() async throws -> [RefundLedger.SaleKey: OverRefund]? {
        let result = try await process.command(["report", "refunds", "--format", "json"])
        guard result.status == 0 else {
            // An older back office: the command does not exist (as `GET /v1/reports/refunds` answers 404).
            if result.standardError.contains("Unexpected argument") || result.standardError.contains("nknown") { return nil }
            throw StoreError("loyalty-backoffice report refunds failed (\(result.status)): \(result.standardError)")
        }
        guard let report = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any] else {
            throw StoreError("loyalty-backoffice report refunds printed no JSON report")
        }
        return Self.overRefunds(report)
    }

    /// The over-refunded sales of a refunds report (`overRefunds`, each with its sale's terminal and id).
    static func overRefunds(_ report: [String: Any]) -> [RefundLedger.SaleKey: OverRefund] {
        var sales: [RefundLedger.SaleKey: OverRefund] = [:]
        for sale in report["overRefunds"] as? [[String: Any]] ?? [] {
            guard let terminal = sale["saleTerminal"] as? Int, let saleId = sale["saleId"] as? String else { continue }
            let number = { (key: String) in Int64(sale[key] as? Int ?? 0) }
            sales[RefundLedger.SaleKey(terminal: UInt32(terminal), saleId: saleId)] = OverRefund(
                amount: number("amount"), refunded: number("refunded"), excess: number("excess"),
                refundCount: sale["refundCount"] as? Int ?? (sale["refunds"] as? [Any])?.count ?? 0)
        }
        return sales
    }

    /// Runs `card settle` and reads the adjustments it published (one line each:
    /// `M-00001 #12: -30 points (refund-excess:T101-55): reason`): for a back office that does
    /// not settle by itself, every adjustment it holds.
    func settledAdjustments() async throws -> [StoreChecks.Adjustment] {
        Self.adjustments(in: try await settle())
    }

    /// The adjustments of `card settle`'s output.
    static func adjustments(in output: String) -> [StoreChecks.Adjustment] {
        output.split(separator: "\n").compactMap { line in
            guard let hash = line.range(of: " #"), let colon = line.range(of: ": ", range: hash.upperBound..<line.endIndex),
                let sequence = Int(line[hash.upperBound..<colon.lowerBound]),
                let pointsEnd = line.range(of: " points (", range: colon.upperBound..<line.endIndex),
                let points = Int64(line[colon.upperBound..<pointsEnd.lowerBound]),
                let close = line.range(of: ")", range: pointsEnd.upperBound..<line.endIndex)
            else { return nil }
            return StoreChecks.Adjustment(
                member: String(line[..<hash.lowerBound]), sequence: sequence, points: points,
                reference: String(line[pointsEnd.upperBound..<close.lowerBound]))
        }
    }
}
