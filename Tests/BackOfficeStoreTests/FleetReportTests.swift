import BackOfficeReports
import BackOfficeStorage
import Foundation
import SyncProtocol
import Testing

/// The fleet's figures and who needs a technician, and the check that raises it once per
/// condition, on each backend.
@Suite("Fleet report and check", .timeLimit(.minutes(2)))
struct FleetReportTests {
    static let hour: Int64 = 3_600_000
    static let now: Int64 = baseTime + 100 * hour

    static func terminal(_ id: UInt32, enrolledAt: Int64 = baseTime) -> EnrolledTerminal {
        EnrolledTerminal(id: id, publicKey: [0x04] + Array(repeating: UInt8(id), count: 64), label: "till \(id)", enrolledAt: enrolledAt)
    }

    static func report(inUse: Int64 = 10, clock: Int64, refusals: [String: Int] = [:], versions: [String: Int64] = [:])
        -> TerminalStatusReport
    {
        TerminalStatusReport(
            journalCapacityRecords: 1000, journalRecordsInUse: inUse, unsyncedTransactions: UInt64(inUse), oldestUnsyncedAt: nil,
            lastSequence: 5, documentVersions: versions, clock: clock, refusals: refusals)
    }

    /// Terminal 1 is fine; 2 has not synced for 30 h; 3's journal is 90 % full; 4's clock is 5 min
    /// ahead; 5 refused 25 times; 6 is revoked (and stale); 7 never synced since enrolment 50 h ago.
    static func fleet(_ store: any LedgerStore) async throws {
        for id in UInt32(1)...7 { try await store.enrol(terminal(id, enrolledAt: id == 7 ? now - 50 * hour : baseTime)) }
        try await store.revoke(terminal: 6, at: now - hour, reason: "stolen")
        _ = try await store.publish(kind: .blockList, version: 1, step: [1], snapshot: [1], at: baseTime)
        _ = try await store.publish(kind: .blockList, version: 2, step: [2], snapshot: [2], at: baseTime)
        let recent = now - 60_000
        try await store.recordStatus(
            .init(terminal: 1, receivedAt: recent, report: report(clock: recent + 1_000, versions: ["block-list": 2])))
        try await store.recordStatus(.init(terminal: 2, receivedAt: now - 30 * hour, report: report(clock: now - 30 * hour)))
        try await store.recordStatus(.init(terminal: 3, receivedAt: recent, report: report(inUse: 900, clock: recent)))
        try await store.recordStatus(.init(terminal: 4, receivedAt: recent, report: report(clock: recent + 300_000)))
        try await store.recordStatus(
            .init(terminal: 5, receivedAt: recent, report: report(clock: recent, refusals: ["card-refused": 20, "card-blocked": 5])))
        try await store.recordStatus(.init(terminal: 6, receivedAt: now - 40 * hour, report: report(clock: now - 40 * hour)))
        _ = try await store.ingest(terminal: 1, transactions(1...3, terminal: 1), receivedAt: now - 120_000)
    }

    @Test("each threshold names its reason; those needing a technician come first, revoked terminals last", arguments: Backend.allCases)
    func thresholds(backend: Backend) async throws {
        try await withStore(backend) { handle in
            try await Self.fleet(handle.store)
            let report = try await FleetReport.read(store: handle.store, at: Self.now)
            let reasons = Dictionary(uniqueKeysWithValues: report.terminals.map { ($0.id, $0.reasons.map(\.code)) })
            #expect(reasons[1] == [])
            #expect(reasons[2] == ["not-synced"])
            #expect(reasons[3] == ["journal-fill"])
            #expect(reasons[4] == ["clock-drift"])
            #expect(reasons[5] == ["refusals"])
            #expect(reasons[6] == [])
            #expect(reasons[7] == ["not-synced"])
            #expect(report.terminals.map(\.id) == [7, 2, 3, 4, 5, 1, 6], "\(report.terminals.map(\.id))")
            let one = try #require(report.terminals.first { $0.id == 1 })
            #expect(one.lastSync == Self.now - 60_000 && one.lastUpload == Self.now - 120_000 && one.storedThrough == 3)
            #expect(one.syncLagSeconds == 60 && one.journalFillPercent == 1 && one.clockDriftSeconds == 1)
            #expect(one.documents.first { $0.kind == "block-list" }.map { $0.held == 2 && $0.published == 2 && $0.isCurrent } == true)
            let two = try #require(report.terminals.first { $0.id == 2 })
            #expect(two.documents.first { $0.kind == "block-list" }?.isCurrent == false)
            #expect(report.terminals.last?.revoked == true)
            #expect(report.terminals.first { $0.id == 5 }?.reasons.first?.detail.contains("card-refused 20") == true)

            // Looser thresholds: nobody needs a technician.
            let loose = FleetThresholds(staleSyncHours: 100, journalFillPercent: 95, clockDriftSeconds: 600, refusalCount: 30)
            #expect(try await FleetReport.read(store: handle.store, at: Self.now, thresholds: loose).needingTechnician.isEmpty)
        }
    }

    @Test("the check raises each condition once, and again when it comes back after clearing", arguments: Backend.allCases)
    func checkRaisesOnce(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            try await Self.fleet(store)
            let check = FleetCheck(store: store, thresholds: FleetThresholds())
            let first = try await check.run(at: Self.now)
            #expect(
                Set(first.raised.map { "\($0.kind) \($0.terminal ?? 0)" })
                    == ["fleet-not-synced 2", "fleet-not-synced 7", "fleet-journal-fill 3", "fleet-clock-drift 4", "fleet-refusals 5"])
            #expect(try await check.run(at: Self.now + 60_000).raised.isEmpty)

            // Terminal 3 empties its journal, then fills up again: a new condition, a new alarm.
            try await store.recordStatus(.init(terminal: 3, receivedAt: Self.now + 120_000, report: Self.report(clock: Self.now + 120_000)))
            #expect(try await check.run(at: Self.now + 130_000).raised.isEmpty)
            try await store.recordStatus(
                .init(terminal: 3, receivedAt: Self.now + 200_000, report: Self.report(inUse: 950, clock: Self.now + 200_000)))
            #expect(try await check.run(at: Self.now + 210_000).raised.map(\.kind) == ["fleet-journal-fill"])
            #expect(try await store.alarms(limit: 100).filter { $0.kind.hasPrefix("fleet-") }.count == 6)
        }
    }
}
