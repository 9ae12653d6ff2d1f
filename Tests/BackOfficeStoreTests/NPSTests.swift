import BackOfficeReports
import BackOfficeStorage
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol
import Testing

/// Survey answers: from the tills' `survey` entries (projected with the overview) and imported
/// files, counted per store and month.
@Suite("Net Promoter Score")
struct NPSTests {
    /// 2026-10-10T12:00:00Z.
    let october: Int64 = 1_791_633_600

    func survey(_ score: Int, at time: Int64, comment: String? = nil) throws -> [UInt8] {
        var entry = LedgerEntry(kind: .survey, terminalId: 1, time: time)
        entry.survey = SurveyRecord(score: score, comment: comment, saleId: nil)
        return try entry.encoded()
    }

    func void(_ sequence: UInt64, at time: Int64) throws -> [UInt8] {
        var entry = LedgerEntry(kind: .void, terminalId: 1, time: time)
        entry.voided = sequence
        entry.reason = "test"
        return try entry.encoded()
    }

    @Test("till answers count for their terminal's store, a voided one not; imports count once", arguments: Backend.allCases)
    func tillAndImported(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let key = [UInt8](repeating: 4, count: 65)
            try await store.enrol(EnrolledTerminal(id: 1, publicKey: key, label: "till", enrolledAt: 0, store: "Harbour"))
            try await store.enrol(EnrolledTerminal(id: 2, publicKey: key, label: "till", enrolledAt: 0, store: "Central"))
            let harbour = try [
                survey(10, at: october), survey(9, at: october + 60), survey(3, at: october + 120), survey(7, at: october + 180),
            ]
            _ = try await store.ingest(
                terminal: 1,
                harbour.enumerated().map {
                    UploadedTransaction(sequence: UInt64($0.offset + 1), recordedAt: october * 1000, payload: $0.element)
                },
                receivedAt: october * 1000)
            // Central: one answer in October, one in November; then a void of the first.
            let central = try [survey(0, at: october), survey(10, at: october + 30 * 86_400), void(1, at: october + 31 * 86_400)]
            _ = try await store.ingest(
                terminal: 2,
                central.enumerated().map {
                    UploadedTransaction(sequence: UInt64($0.offset + 1), recordedAt: october * 1000, payload: $0.element)
                },
                receivedAt: october * 1000)
            try await OverviewProjection(store: store, pageSize: 2).catchUp()

            let csv = "date,score,comment\n2026-10-03,9,\"great, fast\"\n2026-10-03,9,\"great, fast\"\n2026-10-20,6,\n"
            let file = SurveyFile(text: csv)
            #expect(file.bad.isEmpty)
            let imported = file.imported(store: "Central", utcOffsetMinutes: 420)
            #expect(try await store.importSurveys(imported) == 3)
            #expect(try await store.importSurveys(imported) == 0, "the same file twice counts once")

            let report = try await NPSReporter.report(from: 0, to: october * 2, utcOffsetMinutes: 420, store: store)
            let months = Dictionary(uniqueKeysWithValues: report.months.map { ("\($0.store ?? "*") \($0.month)", $0) })
            let harbourOctober = try #require(months["Harbour 2026-10"])
            #expect(harbourOctober.answers == 4 && harbourOctober.promoters == 2 && harbourOctober.passives == 1)
            #expect(harbourOctober.detractors == 1 && harbourOctober.nps == 25)
            let centralOctober = try #require(months["Central 2026-10"])
            #expect(centralOctober.answers == 3, "the voided till answer is out; both identical imported rows count")
            #expect(centralOctober.promoters == 2 && centralOctober.detractors == 1)
            #expect(months["Central 2026-11"]?.nps == 100)
            #expect(months["* 2026-10"]?.answers == 7)
            let onlyHarbour = try await NPSReporter.report(
                from: 0, to: october * 2, utcOffsetMinutes: 420, scope: OverviewScope(store: "Harbour"), store: store)
            #expect(onlyHarbour.months.map(\.month) == ["2026-10"])
            #expect(report.text.contains("Harbour         2026-10  4        +25"))
        }
    }

    @Test(
        "bad rows are reported with their line numbers",
        arguments: [
            (
                "date,score,comment\n2026-10-01,11,x\n2026-13-01,5,y\n2026-10-02,5,ok\n",
                ["line 2: score '11'", "line 3: date '2026-13-01'"]
            ),
            ("date,score\n2026-10-01,5\n", ["line 1: the header must name"]),
            ("date,score,comment\n2026-10-01,5\n", ["line 2: 2 fields where the header has 3"]),
            (
                "{\"date\":\"2026-10-01\",\"score\":8}\nnot json\n{\"date\":\"2026-10-01\",\"score\":\"x\"}\n",
                ["line 2: not a JSON object", "line 3: score 'x'"]
            ),
        ])
    func badRows(text: String, expected: [String]) {
        let file = SurveyFile(text: text)
        #expect(file.bad.count == expected.count)
        for (row, prefix) in zip(file.bad, expected) { #expect(row.description.hasPrefix(prefix), "\(row)") }
    }

    @Test("quoted CSV fields hold commas, quotes and line breaks; the line numbers stay right")
    func quoting() {
        let file = SurveyFile(text: "score,comment,date\r\n10,\"said \"\"wow\"\",\nthen left\",2026-10-01\r\n4,,2026-10-02\r\n")
        #expect(file.bad.isEmpty)
        #expect(file.answers.map(\.comment) == ["said \"wow\",\nthen left", ""])
        #expect(file.answers.map(\.line) == [2, 4])
    }
}
