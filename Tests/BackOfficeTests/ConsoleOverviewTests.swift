import BackOfficeReports
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol
import Testing

/// The console's Overview against a real back office process over HTTPS: its figures are the
/// JSON report's for the same period and store, a daily chart has a point per day, a trend a
/// point per period, the tier mix a bar per tier, money in the programme's currency.
@Suite("Console overview", .serialized, .timeLimit(.minutes(5)))
struct ConsoleOverviewTests {
    /// 2025-11-01T00:00:00Z.
    static let november: Int64 = 1_761_955_200

    /// A month and a half of sales by ten members, some refunded, tiers changing.
    static func batch() throws -> JournalBatch {
        var payloads: [[UInt8]] = []
        var random = SystemRandomNumberGenerator()
        var sales: [(String, String, Int64)] = []
        for index in 0..<120 {
            let time = november - 15 * 86_400 + Int64(index) * 9 * 3600 + Int64.random(in: 0..<3600, using: &random)
            let member = "M-\(index * 7 % 10)"
            if index % 9 == 8, let sale = sales.randomElement(using: &random) {
                var entry = LedgerEntry(kind: .refund, terminalId: 7, time: time)
                entry.member = sale.0
                entry.requestId = "R-\(index)"
                entry.refundedSaleId = sale.1
                entry.saleRecord = SaleRecord(
                    saleId: sale.1, day: Day(number: Int(time / 86_400)), amount: sale.2, qualifyingSpend: sale.2, billPoints: 0,
                    bonusPoints: 0, redeemedPoints: 0, refundedAmount: sale.2 / 3)
                entry.setMemberState(state(tier: "member", points: 10))
                payloads.append(try entry.encoded())
                continue
            }
            let amount = Int64.random(in: 50_000...900_000, using: &random)
            var entry = LedgerEntry(kind: .sale, terminalId: 7, time: time)
            entry.member = member
            entry.requestId = "S-\(index)"
            entry.sale = Sale(saleId: "S-\(index)", amount: amount, currency: "VND")
            entry.saleRecord = SaleRecord(
                saleId: "S-\(index)", day: Day(number: Int(time / 86_400)), amount: amount, qualifyingSpend: amount,
                billPoints: amount / 10_000, bonusPoints: 1, redeemedPoints: index % 5 == 0 ? 20 : 0)
            entry.setMemberState(state(tier: ["member", "silver", "gold"][index % 3], points: amount / 1_000))
            payloads.append(try entry.encoded())
            sales.append((member, "S-\(index)", amount))
        }
        return JournalBatch(
            terminal: 7,
            transactions: payloads.enumerated().map { index, payload in
                UploadedTransaction(sequence: UInt64(index + 1), recordedAt: november * 1000, payload: payload)
            })
    }

    static func state(tier: String, points: Int64) -> MemberState {
        var state = MemberState(tierId: tier)
        state.lots = [PointLot(month: Month(year: 2025, month: 10), points: points)]
        return state
    }

    /// Every `data-figure="key" data-value="value"` of the page.
    static func figures(_ html: String) -> [String: String] {
        var found: [String: String] = [:]
        let pattern = try! NSRegularExpression(pattern: #"data-figure="([A-Za-z]+)" data-value="([^"]*)""#)
        for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            found[String(html[Range(match.range(at: 1), in: html)!])] = String(html[Range(match.range(at: 2), in: html)!])
        }
        return found
    }

    func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("the overview's figures are the JSON report's for the same period and store; a point per day, per period, a bar per tier")
    func figuresEqualTheReport() async throws {
        try await ConsoleTests.run { fixture, browser in
            var browser = browser
            try BackOfficeFixture.check(try await fixture.server.command(["terminal", "set-store", "7", "Harbour & Co"]))
            #expect(try await fixture.upload(try Self.batch()).status == 200)
            #expect(try await browser.get("/console/overview").status == 303, "not signed in: to the sign-in page")
            #expect(try await browser.signIn("otto", "otto's long password").status == 303)

            let query = "from=2025-11-01&to=2025-11-30&utcOffsetMinutes=420&store=Harbour%20%26%20Co"
            let page = try await browser.get("/console/overview?" + query)
            #expect(page.status == 200, "\(page.text.prefix(500))")
            let json = try await fixture.send(
                "GET", "/v1/reports/retention?" + query, headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
            #expect(json.status == 200)
            let report = try JSONSerialization.jsonObject(with: Data(json.data)) as? [String: Any] ?? [:]
            let shown = Self.figures(page.text)
            for key in [
                "customersAtStart", "customersAtEnd", "newCustomers", "retentionRate", "churnRate", "repeatCustomerRate",
                "purchaseFrequency",
                "purchases", "netSales", "averageOrderValue", "customerLifetimeValue", "members", "outstandingPoints",
            ] {
                let onPage = shown[key].flatMap { $0.isEmpty ? nil : Double($0) }
                let inJSON = (report[key] as? NSNumber)?.doubleValue
                #expect(shown[key] != nil, "\(key) is on the page")
                // The same Double on both sides; Foundation's JSON parsing on Linux may differ in
                // the last bit from Double's own, hence a relative bound far below any figure's precision.
                let same = onPage == inJSON || (onPage.flatMap { a in inJSON.map { b in abs(a - b) <= 1e-12 * max(1, abs(b)) } } ?? false)
                #expect(same, "\(key): page \(shown[key] ?? "-"), JSON \(report[key] ?? "-")")
            }
            #expect((report["purchases"] as? Int ?? 0) > 0, "the store's sales are counted")
            #expect(
                occurrences("<circle class=\"point\" data-day=\"2025-11-", in: page.text) == 4 * 30, "four daily charts, a point per day")
            #expect(occurrences("data-period=", in: page.text) >= 6, "trends over six periods")
            let tiers = (report["tierMix"] as? [String: Int]) ?? [:]
            #expect(occurrences("<rect class=\"bar\"", in: page.text) == tiers.count)
            #expect(page.text.contains(" ₫"), "money in the programme's currency")
            #expect(page.text.contains("Harbour &amp; Co"), "the store's name escaped")
            #expect(page.text.contains("/v1/reports/retention?from=2025-11-01&amp;to=2025-11-30"))

            // Every store, the default period: the page loads; a bad date is refused.
            #expect(try await browser.get("/console/overview").status == 200)
            #expect(try await browser.get("/console/overview?from=2025-02-30&to=2025-03-01").status == 400)
        }
    }
}
