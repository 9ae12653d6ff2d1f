import BackOfficeConsole
import BackOfficeReports
import BackOfficeSQLite
import BackOfficeStorage
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol
import Testing

/// The Overview's content over a real store: its figures are the JSON report's, one point per
/// day, one bar per tier, money in the programme's currency.
@Suite("Overview content")
struct OverviewHTMLTests {
    /// 2026-10-01T00:00:00Z.
    static let october: Int64 = 1_790_812_800

    static func sale(_ member: String, _ id: String, _ amount: Int64, at time: Int64, tier: String) throws -> [UInt8] {
        var entry = LedgerEntry(kind: .sale, terminalId: 1, time: time)
        entry.member = member
        entry.requestId = id
        entry.sale = Sale(saleId: id, amount: amount, currency: "VND")
        entry.saleRecord = SaleRecord(
            saleId: id, day: Day(number: Int(time / 86_400)), amount: amount, qualifyingSpend: amount, billPoints: amount / 10_000,
            bonusPoints: 1, redeemedPoints: 0)
        var state = MemberState(tierId: tier)
        state.lots = [PointLot(month: Month(year: 2026, month: 9), points: amount / 1_000)]
        entry.setMemberState(state)
        return try entry.encoded()
    }

    func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("figures equal the JSON report's; a point per day; a bar per tier; money formatted")
    func content() async throws {
        let folder = NSTemporaryDirectory() + "overview-html-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try await SQLiteLedgerStore.open(path: folder + "/store.sqlite")
        do {
            try await check(store)
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    func check(_ store: SQLiteLedgerStore) async throws {
        try await store.migrate()
        try await store.enrol(
            EnrolledTerminal(id: 1, publicKey: [UInt8](repeating: 4, count: 65), label: "till", enrolledAt: 0, store: "Harbour"))
        let payloads = try [
            Self.sale("A", "S-1", 1_250_000, at: Self.october - 5 * 86_400, tier: "member"),
            Self.sale("A", "S-2", 2_000_000, at: Self.october + 2 * 86_400, tier: "silver"),
            Self.sale("B", "S-3", 500_000, at: Self.october + 3 * 86_400, tier: "member"),
            Self.sale("B", "S-4", 700_000, at: Self.october + 9 * 86_400, tier: "member"),
        ]
        _ = try await store.ingest(
            terminal: 1,
            payloads.enumerated().map {
                UploadedTransaction(sequence: UInt64($0.offset + 1), recordedAt: Self.october * 1000, payload: $0.element)
            },
            receivedAt: Self.october * 1000)
        let data = try await OverviewData.load(
            first: "2026-10-01", last: "2026-10-10", utcOffsetMinutes: 420, store: "Harbour", ledger: store,
            projection: OverviewProjection(store: store))
        let html = OverviewHTML.render(data, path: "/console/overview")
        let scanned = try await RetentionReporter.report(data.period, store: store)
        #expect(data.report == scanned.withoutReadCounts)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(scanned)) as? [String: Any] ?? [:]
        for key in [
            "customersAtStart", "customersAtEnd", "newCustomers", "retentionRate", "repeatCustomerRate", "purchases", "netSales",
            "averageOrderValue",
        ] {
            let value = json[key].map { "\($0)" } ?? ""
            #expect(html.contains("data-figure=\"\(key)\" data-value=\"\(value)\""), "\(key) = \(value)")
        }
        #expect(html.contains("3.200.000 ₫"), "net sales in the programme's currency")
        #expect(occurrences("data-day=\"2026-10-", in: html) == 10 * 4, "four daily charts of ten days")
        #expect(occurrences("<rect class=\"bar\"", in: html) == data.report.tierMix.count)
        #expect(html.contains("/v1/reports/retention?from=2026-10-01&amp;to=2026-10-10&amp;utcOffsetMinutes=420&amp;store=Harbour"))
        #expect(occurrences("<circle class=\"point\" data-period=", in: html) > 0)
    }
}
