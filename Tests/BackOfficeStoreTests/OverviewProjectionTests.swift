import BackOfficeReports
import BackOfficeStorage
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol
import Testing

/// The overview projection's figures against the reference: the retention report's scan of
/// every journal (``RetentionReporter``), over generated ledgers, for every store and each one.
@Suite("Overview projection equals the journal scan", .timeLimit(.minutes(5)))
struct OverviewProjectionTests {
    static let cases: [(Backend, UInt64)] = [1, 2, 3, 5, 8, 13].map { (.sqlite, $0) } + [21, 34].map { (.postgres, $0) }

    @Test("every figure, every store, several periods and time zones", arguments: cases)
    func projectionEqualsScan(backend: Backend, seed: UInt64) async throws {
        let ledger = try OverviewLedger(seed: seed, transactions: 700)
        try await withStore(backend) { handle in
            let store = handle.store
            try await Self.enrolTerminals(store)
            var random = SplitMix(seed: seed ^ 0xA5A5)
            let projection = OverviewProjection(store: store, pageSize: 3 + random.next(below: 40))
            // The journals arrive interleaved, in chunks; the projection catches up now and then
            // (so voids meet what they void in earlier pages, and the other way round).
            var next: [UInt32: Int] = [:]
            while let terminal = ledger.journals.keys.sorted().filter({ (next[$0] ?? 0) < ledger.journals[$0]!.count }).randomElement(
                using: &random)
            {
                let journal = ledger.journals[terminal]!
                let from = next[terminal] ?? 0
                let to = min(journal.count, from + 1 + random.next(below: 30))
                _ = try await store.ingest(terminal: terminal, Array(journal[from..<to]), receivedAt: OverviewLedger.start * 1000)
                next[terminal] = to
                if random.next(below: 3) == 0 { try await projection.catchUp() }
            }
            try await projection.catchUp()
            #expect(try await projection.catchUp() == 0)

            let scopes: [(OverviewScope, Set<UInt32>?)] =
                [(.all, nil)]
                + ["Central", "Harbour", "", "Nowhere"].map { name in
                    (OverviewScope(store: name), Set(OverviewLedger.stores.filter { $0.value == name }.keys))
                }
            for _ in 0..<4 {
                let first = Int(OverviewLedger.start / OverviewLedger.day) - 10 + random.next(below: 90)
                let length = 1 + random.next(below: 40)
                let offset = [0, 420, -300, 345, 480][random.next(below: 5)]
                let period = try RetentionPeriod(
                    first: Day(number: first), last: Day(number: first + length - 1), utcOffsetMinutes: offset)
                for (scope, terminals) in scopes {
                    let scanned = try await RetentionReporter.report(period, store: store, terminals: terminals)
                    let projected = try await OverviewReporter.report(period, scope: scope, store: store)
                    #expect(projected == scanned.withoutReadCounts, "seed \(seed), \(period), store \(scope.store ?? "(all)")")
                    let days = try await OverviewReporter.days(period, utcOffsetMinutes: offset, scope: scope, store: store)
                    #expect(days.count == length)
                    #expect(days.reduce(0) { $0 + $1.purchases } == scanned.purchases)
                    #expect(days.allSatisfy { $0.customers <= $0.purchases })
                }
            }
        }
    }

    @Test("a trend is the figures of the periods of the same length before", arguments: [Backend.sqlite, .postgres])
    func trend(backend: Backend) async throws {
        let ledger = try OverviewLedger(seed: 77, transactions: 500)
        try await withStore(backend) { handle in
            let store = handle.store
            try await Self.enrolTerminals(store)
            for (terminal, journal) in ledger.journals {
                _ = try await store.ingest(terminal: terminal, journal, receivedAt: OverviewLedger.start * 1000)
            }
            try await OverviewProjection(store: store).catchUp()
            let first = Int(OverviewLedger.start / OverviewLedger.day) + 40
            let period = try RetentionPeriod(first: Day(number: first), last: Day(number: first + 6), utcOffsetMinutes: 420)
            let trend = try await OverviewReporter.trend(period, count: 5, scope: OverviewScope(store: "Central"), store: store)
            #expect(trend.count == 5)
            #expect(trend.last == (try await OverviewReporter.report(period, scope: OverviewScope(store: "Central"), store: store)))
            for (back, report) in trend.reversed().enumerated() {
                let shift = Int64(back) * period.seconds
                let earlier = try RetentionPeriod(from: period.from - shift, to: period.to - shift)
                var scanned = try await RetentionReporter.report(earlier, store: store, terminals: [1, 2]).withoutReadCounts
                if back > 0 {
                    scanned.tierMix = [:]
                    scanned.members = 0
                    scanned.outstandingPoints = 0
                }
                #expect(report == scanned, "\(back) periods back")
            }
        }
    }

    @Test("terminals are filed under a store, which can change", arguments: [Backend.sqlite, .postgres])
    func stores(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            try await store.enrol(EnrolledTerminal(id: 9, publicKey: Self.key, label: "till 1", enrolledAt: 1, store: "Central"))
            try await store.enrol(EnrolledTerminal(id: 10, publicKey: Self.key, label: "till 2", enrolledAt: 1))
            #expect(try await store.terminal(9)?.store == "Central")
            #expect(try await store.terminal(10)?.storeDisplay == "(no store)")
            try await store.setStore(terminal: 10, store: "Harbour")
            #expect(try await store.terminals().map(\.store) == ["Central", "Harbour"])
            #expect(try await store.overviewStores() == ["Central", "Harbour"])
            await #expect(throws: LedgerStoreError.unknownTerminal(11)) { try await store.setStore(terminal: 11, store: "X") }
        }
    }

    static let key = [UInt8](repeating: 4, count: 65)

    static func enrolTerminals(_ store: any LedgerStore) async throws {
        for (id, name) in OverviewLedger.stores {
            try await store.enrol(EnrolledTerminal(id: id, publicKey: key, label: "till \(id)", enrolledAt: 0, store: name))
        }
    }
}

extension SplitMix: RandomNumberGenerator {}
