import BackOfficeReports
import Foundation
import LedgerFormat
import StoreProcesses
import SyncProtocol
import Testing

/// The card chain check over HTTP and from the command line, on a real server process.
@Suite("Card chain report endpoint and command")
struct CardChainEndpointTests {
    static let card = "A1B2C3D4E5F60718"

    /// A ledger entry as the checkout journals it (the fields the check reads).
    static func entry(
        _ kind: LedgerEntry.Kind, time: Int64, previous: (UInt32, UInt64)? = nil, confirmed: [UInt64] = [], requestId: String? = nil,
        voided: UInt64? = nil
    ) -> [UInt8] {
        var entry = LedgerEntry(kind: kind, terminalId: 0, time: time)
        entry.confirmed = confirmed
        if kind == .sale {
            entry.card = card
            entry.member = "M-1"
            entry.trust = "member-card"
        }
        entry.requestId = requestId
        entry.previousWrite = previous.map { LedgerEntry.CarriedWrite(terminalId: $0.0, sequence: $0.1) }
        entry.voided = voided
        return try! entry.encoded()
    }

    /// Terminal 7 writes the card's first state and continues it; a clone of that first state is
    /// spent at terminal 8. Both continuations are confirmed.
    static func batches() -> [JournalBatch] {
        let november: Int64 = 1_761_955_200  // 2025-11-01T00:00:00Z
        let seven = [
            entry(.sale, time: november, requestId: "S-1"),
            entry(.sale, time: november + 3_600, previous: (7, 1), confirmed: [1], requestId: "S-2"),
            entry(.checkpoint, time: november + 3_700, confirmed: [2]),
        ]
        let eight = [
            entry(.sale, time: november + 7_200, previous: (7, 1), requestId: "S-3"),
            entry(.checkpoint, time: november + 7_300, confirmed: [1]),
        ]
        return [(UInt32(7), seven), (UInt32(8), eight)].map { terminal, payloads in
            JournalBatch(
                terminal: terminal,
                transactions: payloads.enumerated().map { index, payload in
                    UploadedTransaction(sequence: UInt64(index + 1), recordedAt: (november + Int64(index) * 3_600) * 1000, payload: payload)
                })
        }
    }

    @Test("an auditor gets the copied card; no credentials 401; the command prints it and fails only when asked")
    func report() async throws {
        try await BackOfficeFixture.run(terminals: [7, 8]) { fixture in
            for batch in Self.batches() {
                let uploaded = try await fixture.upload(batch)
                #expect(uploaded.status == 200, "\(uploaded.text)")
            }
            let path = "/v1/reports/cards"
            #expect(try await fixture.send("GET", path).status == 401)
            let reply = try await fixture.send("GET", path, headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
            #expect(reply.status == 200, "\(reply.text)")
            let report = try JSONDecoder().decode(CardChainReport.self, from: Data(reply.data))
            #expect(report.cardsChecked == 1 && report.transactionsRead == 5)
            #expect(report.anomalies.map(\.kind) == [.copiedOrRolledBack])
            #expect(report.anomalies.first?.continues == CardWrite(terminal: 7, sequence: 1))
            #expect(report.anomalies.first?.branches.map { $0.transactions.map(\.requestId) } == [["S-2"], ["S-3"]])

            let printed = try await fixture.server.command(["report", "cards"])
            #expect(printed.status == 0, "\(printed.standardError)")
            #expect(printed.standardOutput.contains("copied-or-rolled-back: card \(Self.card) member M-1"), "\(printed.standardOutput)")
            #expect(printed.standardError.contains("5 transactions read"))

            let json = try await fixture.server.command(["report", "cards", "--format", "json"])
            #expect(json.status == 0, "\(json.standardError)")
            #expect(try JSONDecoder().decode(CardChainReport.self, from: Data(json.standardOutput.utf8)) == report)

            let failing = try await fixture.server.command(["report", "cards", "--fail-on-anomaly"])
            #expect(failing.status == 3, "\(failing.standardError)")
            #expect(failing.standardOutput.contains("copied-or-rolled-back"))
        }
    }

    @Test("the server runs the card check by itself: a wrong void uploaded becomes an alarm within seconds")
    func periodicCheck() async throws {
        let november: Int64 = 1_761_955_200
        let seven = [
            Self.entry(.sale, time: november, requestId: "S-1"),
            Self.entry(.void, time: november + 9_000, voided: 1),
        ]
        let eight = [Self.entry(.sale, time: november + 7_200, previous: (7, 1), requestId: "S-3")]
        try await BackOfficeFixture.run(terminals: [7, 8], serveArguments: ["--card-check-seconds", "1"]) { fixture in
            for (terminal, payloads) in [(UInt32(7), seven), (UInt32(8), eight)] {
                let batch = JournalBatch(
                    terminal: terminal,
                    transactions: payloads.enumerated().map { index, payload in
                        UploadedTransaction(sequence: UInt64(index + 1), recordedAt: november * 1000, payload: payload)
                    })
                #expect(try await fixture.upload(batch).status == 200)
            }
            let deadline = ContinuousClock.now.advanced(by: .seconds(20))
            var alarmed = false
            while !alarmed, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(500))
                let reply = try await fixture.send("GET", "/v1/alarms", headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
                alarmed = reply.text.contains("card-voided-but-on-card")
            }
            #expect(alarmed, "no alarm from the server's own card check")
        }
    }

    @Test("a voided sale the card's later state continues is reported in plain words and alarmed once, however often the check runs")
    func voidedButOnCard() async throws {
        let november: Int64 = 1_761_955_200
        let seven = [
            Self.entry(.sale, time: november, requestId: "S-1"),
            Self.entry(.void, time: november + 9_000, voided: 1),
        ]
        let eight = [Self.entry(.sale, time: november + 7_200, previous: (7, 1), requestId: "S-3")]
        try await BackOfficeFixture.run(terminals: [7, 8]) { fixture in
            for (terminal, payloads) in [(UInt32(7), seven), (UInt32(8), eight)] {
                let batch = JournalBatch(
                    terminal: terminal,
                    transactions: payloads.enumerated().map { index, payload in
                        UploadedTransaction(sequence: UInt64(index + 1), recordedAt: november * 1000, payload: payload)
                    })
                #expect(try await fixture.upload(batch).status == 200)
            }
            let auditor = [("Authorization", "Bearer \(fixture.auditorToken)")]
            let bad = try await fixture.send("GET", "/v1/reports/cards?unresolvedAfterHours=soon", headers: auditor)
            #expect(bad.status == 400 && bad.text.contains("unresolvedAfterHours"), "\(bad.text)")
            let reply = try await fixture.send("GET", "/v1/reports/cards", headers: auditor)
            let report = try JSONDecoder().decode(CardChainReport.self, from: Data(reply.data))
            #expect(report.anomalies.map(\.kind) == [.voidedButOnCard], "\(reply.text)")
            let printed = try await fixture.server.command(["report", "cards"])
            #expect(
                printed.standardOutput.contains("voided-but-on-card: card \(Self.card) member M-1: terminal 7 #1"),
                "\(printed.standardOutput)")
            #expect(printed.standardOutput.contains("its points are missing from the ledger"))
            let alarms = try await fixture.server.command(["alarms"])
            let lines = alarms.standardOutput.split(separator: "\n").filter { $0.contains("card-voided-but-on-card terminal 7 sequence 1") }
            #expect(lines.count == 1, "\(alarms.standardOutput)")
        }
    }
}
