import BackOfficeReports
import Foundation
import LedgerFormat
import PointsEngine
import StoreProcesses
import SyncProtocol
import Testing

/// The retention figures over HTTP and from the command line, on a real server process.
@Suite("Retention report endpoint and command")
struct ReportEndpointTests {
    /// Sales of M-1 in October and November 2025, of M-2 in November only.
    static func salesBatch() -> JournalBatch {
        let november: Int64 = 1_761_955_200  // 2025-11-01T00:00:00Z
        let sales: [(String, Int64, Int64)] = [
            ("M-1", november - 10 * 86_400, 40_000), ("M-1", november + 86_400, 50_000), ("M-2", november + 2 * 86_400, 70_000),
        ]
        return JournalBatch(
            terminal: 7,
            transactions: sales.enumerated().map { index, sale in
                UploadedTransaction(
                    sequence: UInt64(index + 1), recordedAt: sale.1 * 1000,
                    payload: try! Self.sale(member: sale.0, id: "S-\(index)", amount: sale.2, time: sale.1).encoded())
            })
    }

    /// A sale's ledger entry, as the checkout journals it (the fields the report reads).
    static func sale(member: String, id: String, amount: Int64, time: Int64) -> LedgerEntry {
        var entry = LedgerEntry(kind: .sale, terminalId: 7, time: time)
        entry.member = member
        entry.requestId = id
        entry.sale = Sale(saleId: id, amount: amount, currency: "VND")
        return entry
    }

    @Test("an auditor gets the figures; no credentials 401; a bad period 400; the command prints the same figures")
    func report() async throws {
        try await BackOfficeFixture.run(terminals: [7]) { fixture in
            #expect(try await fixture.upload(Self.salesBatch()).status == 200)
            // The command first: it brings the overview projection up to date, with its progress.
            let printed = try await fixture.server.command(["report", "retention", "--from", "2025-11-01", "--to", "2025-11-30"])
            #expect(printed.status == 0, "\(printed.standardError)")
            #expect(printed.standardOutput.contains("customers at end (E)       2"), "\(printed.standardOutput)")
            #expect(printed.standardOutput.contains("retention rate (E-N)/S     100.0 %"))
            // On a pipe, progress comes as separate lines, never glued together by carriage returns.
            let progress = printed.standardError.split(separator: "\n").filter { $0.contains("projecting") }
            #expect(progress.last == "projecting: 3 transactions", "\(progress)")
            #expect(!printed.standardError.contains("\r") && printed.standardError.hasSuffix("\n"))
            let quiet = try await fixture.server.command(["report", "retention", "--from", "2025-11-01", "--to", "2025-11-30", "--quiet"])
            #expect(quiet.status == 0 && quiet.standardOutput == printed.standardOutput)
            #expect(!quiet.standardError.contains("projecting"), "\(quiet.standardError)")

            let path = "/v1/reports/retention?from=2025-11-01&to=2025-11-30"
            #expect(try await fixture.send("GET", path).status == 401)
            let reply = try await fixture.send("GET", path, headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
            #expect(reply.status == 200, "\(reply.text)")
            let report = try JSONDecoder().decode(RetentionReport.self, from: Data(reply.data))
            #expect(report.customersAtStart == 1 && report.customersAtEnd == 2 && report.newCustomers == 1)
            #expect(report.retentionRate == 1)
            #expect(report.purchases == 2 && report.netSales == 120_000)
            // The fixture's terminal is in no store: its figures are those of store "", none of another.
            for (store, purchases) in [("", 2), ("Harbour", 0)] {
                let scoped = try await fixture.send(
                    "GET", path + "&store=\(store)", headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
                #expect(try JSONDecoder().decode(RetentionReport.self, from: Data(scoped.data)).purchases == purchases, "\(store)")
            }

            for bad in [
                "from=2025-11-31&to=2025-12-01", "from=2025-11-10&to=2025-11-01", "to=2025-11-01",
                "from=2025-11-01&to=2025-11-30&utcOffsetMinutes=x",
            ] {
                let refused = try await fixture.send(
                    "GET", "/v1/reports/retention?" + bad, headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
                #expect(refused.status == 400, "\(bad): \(refused.text)")
            }

            let nps = try await fixture.send(
                "GET", "/v1/reports/nps?from=2025-11-01", headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
            #expect(nps.status == 200, "\(nps.text)")
            #expect(try JSONDecoder().decode(NPSReport.self, from: Data(nps.data)).months.isEmpty)
            #expect(try await fixture.send("GET", "/v1/reports/nps").status == 401)
            let offNPS = try await fixture.send(
                "GET", "/v1/reports/nps?utcOffsetMinutes=841", headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
            #expect(offNPS.status == 400, "an offset beyond 14 hours (schemathesis, seed 20261207)")
            let badNPS = try await fixture.send(
                "GET", "/v1/reports/nps?to=2025-02-30", headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
            #expect(badNPS.status == 400)

            let refused = try await fixture.server.command(["report", "retention", "--from", "2025-13-01", "--to", "2025-11-30"])
            #expect(refused.status != 0 && refused.standardError.contains("not a date"), "\(refused.standardError)")
        }
    }
}
