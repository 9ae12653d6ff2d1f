import BackOfficeReports
import BackOfficeStorage
import Checkout
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol
import Testing

/// The card chain check over ledger entries as the checkout journals them, stored in real stores.
@Suite("Card chains: copied and rolled-back cards")
struct CardChainTests {
    /// Card key ids (hex) and their members.
    static let cardK = "A1B2C3D4E5F60718"
    static let cardL = "0F1E2D3C4B5A6978"
    static let members = [cardK: "M-K", cardL: "M-L"]
    /// 2026-10-01T00:00:00Z.
    static let october: Int64 = 1_790_812_800
    /// When the checks run: ten days later, within the default day's grace of the journals' last
    /// entries only when a test moves its journals' clock there.
    static let checkedAt: Int64 = october + 10 * 86_400

    // MARK: Not reported

    @Test("a genuine chain across two terminals has no anomaly", arguments: Backend.allCases)
    func genuine(backend: Backend) async throws {
        var journals = Journals()
        journals.sale(1, card: Self.cardK, after: nil)  // 1#1
        journals.sale(2, card: Self.cardK, after: (1, 1))  // 2#1
        journals.sale(1, card: Self.cardK, after: (2, 1), confirming: [1])  // 1#2
        journals.sale(2, card: Self.cardK, after: (1, 2), confirming: [1])  // 2#2
        journals.checkpoint(1, confirming: [2])
        journals.uidOnly(2)  // no card state to chain
        journals.foreign(2)
        let report = try await check(journals, on: backend)
        #expect(report.anomalies.isEmpty, "\(report.text)")
        #expect(report.cardsChecked == 1)
        #expect(report.transactionsRead == 7)
    }

    @Test("a voided branch does not count; before the void it is unsettled, not a copy", arguments: Backend.allCases)
    func voidedAndUnsettled(backend: Backend) async throws {
        var journals = Journals()
        journals.sale(1, card: Self.cardK, after: nil)  // 1#1
        journals.sale(2, card: Self.cardK, after: (1, 1))  // 2#1: in doubt, the card left
        journals.sale(3, card: Self.cardK, after: (1, 1))  // 3#1: the member paid elsewhere
        journals.checkpoint(3, confirming: [1])
        try await withStore(backend) { handle in
            try await journals.ingest(into: handle.store)
            let before = try await CardChainReporter.report(store: handle.store, now: Self.checkedAt)
            #expect(before.anomalies.count == 1)
            let anomaly = try #require(before.anomalies.first)
            #expect(anomaly.kind == .unsettled)
            #expect(anomaly.card == Self.cardK && anomaly.member == "M-K")
            #expect(anomaly.continues == CardWrite(terminal: 1, sequence: 1))
            #expect(anomaly.branches.map(\.confirmed) == [false, true])
            #expect(anomaly.branches.map { $0.transactions.map(\.terminal) } == [[2], [3]])
            #expect(before.text.contains("unsettled: card \(Self.cardK) member M-K"), "\(before.text)")

            // Back at terminal 2 the card shows 3#1: 2#1 is voided, and the chain goes on.
            var later = journals
            later.void(2, sequence: 1)  // 2#2
            later.sale(2, card: Self.cardK, after: (3, 1))  // 2#3
            try await later.ingest(into: handle.store)
            let after = try await CardChainReporter.report(store: handle.store, now: Self.checkedAt)
            #expect(after.anomalies.isEmpty, "\(after.text)")
        }
    }

    @Test("transactions carried forward are one branch with the one that carried them", arguments: Backend.allCases)
    func carriedForward(backend: Backend) async throws {
        var journals = Journals()
        journals.sale(1, card: Self.cardK, after: nil)  // 1#1
        journals.sale(2, card: Self.cardK, after: (1, 1))  // 2#1: in doubt, never reached the card
        journals.sale(2, card: Self.cardK, after: (1, 1), carrying: [1])  // 2#2: in doubt again
        journals.sale(2, card: Self.cardK, after: (1, 1), carrying: [1, 2])  // 2#3: written
        journals.checkpoint(2, confirming: [3, 1, 2])
        let report = try await check(journals, on: backend)
        #expect(report.anomalies.isEmpty, "\(report.text)")
    }

    @Test("a predecessor not synced yet, or no predecessor at all, is no fork", arguments: Backend.allCases)
    func unsyncedPredecessor(backend: Backend) async throws {
        var journals = Journals()
        journals.sale(2, card: Self.cardK, after: (1, 7))  // 2#1: terminal 1 has not synced
        journals.sale(2, card: Self.cardK, after: (2, 1), confirming: [1])  // 2#2
        journals.sale(3, card: Self.cardL, after: nil)  // L's first state
        journals.sale(3, card: Self.cardL, after: (3, 1), confirming: [1])
        let report = try await check(journals, on: backend)
        #expect(report.anomalies.isEmpty, "\(report.text)")
        #expect(report.cardsChecked == 2)
    }

    // MARK: Reported

    @Test("a copy: two confirmed transactions on two terminals continue one state", arguments: Backend.allCases)
    func copied(backend: Backend) async throws {
        var journals = Journals()
        journals.sale(1, card: Self.cardK, after: nil)  // 1#1
        journals.sale(2, card: Self.cardK, after: (1, 1))  // 2#1
        journals.checkpoint(2, confirming: [1])
        journals.sale(3, card: Self.cardK, after: (1, 1))  // 3#1: the clone
        journals.sale(3, card: Self.cardL, after: nil, confirming: [1])  // its confirmation rides on another card's entry
        journals.sale(1, card: Self.cardL, after: (3, 2))  // L is genuine: its first state continued once
        let report = try await check(journals, on: backend)
        #expect(report.cardsChecked == 2)
        #expect(report.anomalies.count == 1, "\(report.text)")
        let anomaly = try #require(report.anomalies.first)
        #expect(anomaly.kind == .copiedOrRolledBack)
        #expect(anomaly.card == Self.cardK && anomaly.member == "M-K")
        #expect(anomaly.continues == CardWrite(terminal: 1, sequence: 1))
        #expect(anomaly.branches.map(\.confirmed) == [true, true])
        let firsts = anomaly.branches.compactMap(\.transactions.first)
        #expect(firsts.map(\.terminal) == [2, 3] && firsts.map(\.sequence) == [1, 1])
        #expect(firsts.map(\.requestId) == ["S-2-1", "S-3-1"])
        #expect(firsts.allSatisfy { $0.time > Self.october })
        #expect(
            report.text.contains("copied-or-rolled-back: card \(Self.cardK) member M-K: the state written by terminal 1 #1"),
            "\(report.text)")
    }

    @Test("a blank card copied before its first use: two confirmed first states", arguments: Backend.allCases)
    func blankCopy(backend: Backend) async throws {
        var journals = Journals()
        journals.sale(1, card: Self.cardK, after: nil)  // 1#1: the original's first tap
        journals.sale(2, card: Self.cardK, after: nil)  // 2#1: the copy's first tap
        journals.checkpoint(1, confirming: [1])
        journals.checkpoint(2, confirming: [1])
        let report = try await check(journals, on: backend)
        #expect(report.anomalies.count == 1, "\(report.text)")
        let anomaly = try #require(report.anomalies.first)
        #expect(anomaly.kind == .copiedOrRolledBack && anomaly.continues == nil)
        #expect(report.text.contains("the card's first state is continued by 2 branches"), "\(report.text)")
    }

    @Test("a rollback: the card continues an old state after a newer one was confirmed", arguments: Backend.allCases)
    func rolledBack(backend: Backend) async throws {
        var journals = Journals()
        journals.sale(1, card: Self.cardK, after: nil)  // 1#1: state S1
        journals.sale(1, card: Self.cardK, after: (1, 1), confirming: [1])  // 1#2: S2
        journals.sale(1, card: Self.cardK, after: (1, 2), confirming: [2])  // 1#3: S3 (confirms S2 by continuing it too)
        // S1 restored on the card, spent again at terminal 2.
        journals.sale(2, card: Self.cardK, after: (1, 1))  // 2#1
        journals.sale(2, card: Self.cardK, after: (2, 1), confirming: [1])  // 2#2
        let report = try await check(journals, on: backend)
        #expect(report.anomalies.count == 1, "\(report.text)")
        let anomaly = try #require(report.anomalies.first)
        #expect(anomaly.kind == .copiedOrRolledBack)
        #expect(anomaly.continues == CardWrite(terminal: 1, sequence: 1))
        #expect(
            anomaly.branches.map { $0.transactions.map { CardWrite(terminal: $0.terminal, sequence: $0.sequence) } }
                == [[CardWrite(terminal: 1, sequence: 2)], [CardWrite(terminal: 2, sequence: 1)]])
    }

    @Test("a carried-forward pair forking with a copy is one branch of the anomaly")
    func carriedBranchOfCopy() async throws {
        var journals = Journals()
        journals.sale(1, card: Self.cardK, after: nil)  // 1#1
        journals.sale(2, card: Self.cardK, after: (1, 1))  // 2#1: in doubt
        journals.sale(2, card: Self.cardK, after: (1, 1), carrying: [1])  // 2#2
        journals.checkpoint(2, confirming: [2, 1])
        journals.sale(3, card: Self.cardK, after: (1, 1))  // 3#1: the clone
        journals.sale(3, card: Self.cardK, after: (3, 1))  // 3#2 continues it: 3#1 is confirmed
        let report = try await check(journals, on: .sqlite)
        #expect(report.anomalies.count == 1, "\(report.text)")
        let anomaly = try #require(report.anomalies.first)
        #expect(anomaly.kind == .copiedOrRolledBack)
        #expect(anomaly.branches.map { $0.transactions.map(\.sequence) } == [[1, 2], [1]])
        #expect(anomaly.branches.map { $0.transactions.map(\.terminal) } == [[2, 2], [3]])
    }

    // MARK: Voided, and left unresolved

    @Test("a voided transaction that a later state continues is reported, and alarmed once", arguments: Backend.allCases)
    func voidedButOnCard(backend: Backend) async throws {
        var journals = Journals()
        journals.sale(1, card: Self.cardK, after: nil, confirming: [])  // 1#1
        journals.sale(2, card: Self.cardK, after: (1, 1))  // 2#1: reached the card, its confirmation lost
        journals.sale(3, card: Self.cardK, after: (2, 1))  // 3#1: continues it
        journals.void(2, sequence: 1)  // 2#2: a wrong void
        try await withStore(backend) { handle in
            try await journals.ingest(into: handle.store)
            let report = try await CardChainReporter.report(store: handle.store, now: Self.checkedAt)
            #expect(report.anomalies.map(\.kind) == [.voidedButOnCard], "\(report.text)")
            let anomaly = try #require(report.anomalies.first)
            #expect(
                anomaly.branches.flatMap(\.transactions).map { CardWrite(terminal: $0.terminal, sequence: $0.sequence) }
                    == [CardWrite(terminal: 2, sequence: 1)])
            #expect(anomaly.continuedBy?.map(\.terminal) == [3])
            #expect(report.text.contains("voided-but-on-card: card \(Self.cardK) member M-K: terminal 2 #1"), "\(report.text)")
            #expect(report.text.contains("its points are missing from the ledger"), "\(report.text)")
            #expect(try await CardChainReporter.raiseAlarms(for: report, store: handle.store, at: Self.checkedAt * 1000) == 1)
            #expect(try await CardChainReporter.raiseAlarms(for: report, store: handle.store, at: Self.checkedAt * 1000) == 0)
            let alarms = try await handle.store.alarms(limit: 10).filter { $0.kind == "card-voided-but-on-card" }
            #expect(alarms.count == 1)
            #expect(alarms.first?.terminal == 2 && alarms.first?.sequence == 1)
        }
    }

    @Test("a transaction left unresolved is settled by the chain: continued, it reached the card", arguments: Backend.allCases)
    func unresolvedLanded(backend: Backend) async throws {
        var journals = Journals()
        journals.sale(1, card: Self.cardK, after: nil)  // 1#1
        journals.sale(2, card: Self.cardK, after: (1, 1))  // 2#1: reached the card, unconfirmed
        journals.sale(3, card: Self.cardK, after: (2, 1))  // 3#1 continues it
        journals.sale(2, card: Self.cardK, after: (3, 1), leaving: [1])  // 2#2: the card could not tell
        let report = try await check(journals, on: backend)
        #expect(report.anomalies.isEmpty, "\(report.text)")
        #expect(report.unresolved == UnresolvedSettlement(landed: 1, neverLanded: 0, open: 0))
    }

    @Test("a transaction left unresolved beside a confirmed sibling never reached the card: no fork", arguments: Backend.allCases)
    func unresolvedNeverLanded(backend: Backend) async throws {
        var journals = Journals()
        journals.sale(1, card: Self.cardK, after: nil)  // 1#1
        journals.sale(2, card: Self.cardK, after: (1, 1))  // 2#1: never reached the card
        journals.sale(3, card: Self.cardK, after: (1, 1))  // 3#1: the card went on here
        journals.checkpoint(3, confirming: [1])
        journals.sale(2, card: Self.cardK, after: (3, 1), leaving: [1])  // 2#2
        let report = try await check(journals, on: backend)
        #expect(report.anomalies.isEmpty, "\(report.text)")
        #expect(report.unresolved == UnresolvedSettlement(landed: 0, neverLanded: 1, open: 0))
        #expect(report.text.contains("0 reached the card, 1 never did (not counted)"), "\(report.text)")
    }

    @Test("a transaction left unresolved that nothing settles is reported after the set time, and alarmed", arguments: Backend.allCases)
    func unresolvedTooLong(backend: Backend) async throws {
        var journals = Journals()
        journals.sale(1, card: Self.cardK, after: nil)  // 1#1
        journals.sale(2, card: Self.cardK, after: (1, 1))  // 2#1: nobody knows
        journals.checkpoint(2, confirming: [], leaving: [1])
        try await withStore(backend) { handle in
            try await journals.ingest(into: handle.store)
            let soon = try await CardChainReporter.report(store: handle.store, now: journals.time + 3_600)
            #expect(soon.anomalies.isEmpty, "\(soon.text)")
            #expect(soon.unresolved.open == 1)
            let late = try await CardChainReporter.report(store: handle.store, now: journals.time + 2 * 86_400)
            #expect(late.anomalies.map(\.kind) == [.unresolved], "\(late.text)")
            #expect(late.text.contains("unresolved: card \(Self.cardK) member M-K: terminal 2 #1"), "\(late.text)")
            #expect(try await CardChainReporter.raiseAlarms(for: late, store: handle.store, at: Self.checkedAt * 1000) == 1)
            #expect(try await handle.store.alarms(limit: 10).contains { $0.kind == "card-unresolved" && $0.sequence == 1 })
        }
    }

    @Test("the report survives JSON with its kinds spelled as documented")
    func json() throws {
        let report = CardChainReport(
            cardsChecked: 1, transactionsRead: 2,
            anomalies: [
                CardChainAnomaly(
                    kind: .copiedOrRolledBack, card: Self.cardK, member: "M-K", continues: CardWrite(terminal: 1, sequence: 1),
                    branches: [
                        CardChainBranch(
                            confirmed: true,
                            transactions: [CardChainTransaction(terminal: 2, sequence: 1, time: Self.october, requestId: "S-1")])
                    ])
            ])
        let data = try JSONEncoder().encode(report)
        #expect(String(decoding: data, as: UTF8.self).contains(#""kind":"copied-or-rolled-back""#))
        #expect(try JSONDecoder().decode(CardChainReport.self, from: data) == report)
    }

    // MARK: Journals as the checkout writes them

    func check(_ journals: Journals, on backend: Backend) async throws -> CardChainReport {
        try await withStore(backend) { handle in
            try await journals.ingest(into: handle.store)
            var progress: [Int] = []
            let report = try await CardChainReporter.report(store: handle.store, now: Self.checkedAt) { progress.append($0) }
            #expect(progress.last == report.transactionsRead)
            return report
        }
    }

    /// Each terminal's journal, appended in order (sequences from 1).
    struct Journals {
        var entries: [UInt32: [[UInt8]]] = [:]
        var time = CardChainTests.october

        func next(_ terminal: UInt32) -> UInt64 { UInt64(entries[terminal, default: []].count + 1) }

        mutating func append(_ terminal: UInt32, _ entry: LedgerEntry) {
            entries[terminal, default: []].append(try! entry.encoded())
        }

        /// A member-card sale continuing the state written by `after` (terminal, sequence).
        mutating func sale(
            _ terminal: UInt32, card: String, after previous: (UInt32, UInt64)?, carrying: [UInt64] = [], confirming: [UInt64] = [],
            leaving unresolved: [UInt64] = []
        ) {
            time += 3_600
            let id = "S-\(terminal)-\(next(terminal))"
            var entry = LedgerEntry(kind: .sale, terminalId: terminal, time: time)
            entry.requestId = id
            entry.sale = Sale(saleId: id, amount: 10_000, currency: "VND")
            entry.member = CardChainTests.members[card]
            entry.card = card
            entry.trust = "member-card"
            entry.cardCounter = UInt32(next(terminal))
            entry.previousWrite = previous.map { LedgerEntry.CarriedWrite(terminalId: $0.0, sequence: $0.1) }
            entry.carriedForward = carrying
            entry.confirmed = confirming
            entry.unresolved = unresolved.isEmpty ? nil : unresolved
            var state = MemberState(tierId: "member")
            state.lots = [PointLot(month: Month(year: 2026, month: 10), points: 1)]
            entry.setMemberState(state)
            append(terminal, entry)
        }

        /// A sale to a UID-only card (no state written to it).
        mutating func uidOnly(_ terminal: UInt32) {
            time += 60
            var entry = LedgerEntry(kind: .sale, terminalId: terminal, time: time)
            entry.requestId = "S-\(terminal)-\(next(terminal))"
            entry.member = "uid:04AABBCC"
            entry.card = "uid:04AABBCC"
            entry.trust = "uid-only"
            append(terminal, entry)
        }

        mutating func void(_ terminal: UInt32, sequence: UInt64) {
            time += 60
            var entry = LedgerEntry(kind: .void, terminalId: terminal, time: time)
            entry.voided = sequence
            entry.reason = "the card moved on to another state without this transaction; it never reached the card"
            append(terminal, entry)
        }

        mutating func checkpoint(_ terminal: UInt32, confirming: [UInt64], leaving unresolved: [UInt64] = []) {
            time += 60
            var entry = LedgerEntry(kind: .checkpoint, terminalId: terminal, time: time)
            entry.confirmed = confirming
            entry.unresolved = unresolved.isEmpty ? nil : unresolved
            append(terminal, entry)
        }

        mutating func foreign(_ terminal: UInt32) {
            entries[terminal, default: []].append(Array("not a ledger entry".utf8))
        }

        /// Uploads every journal (again: what is stored already counts as a duplicate).
        func ingest(into store: any LedgerStore) async throws {
            for (terminal, payloads) in entries.sorted(by: { $0.key < $1.key }) {
                let uploaded = payloads.enumerated().map { index, payload in
                    UploadedTransaction(sequence: UInt64(index + 1), recordedAt: CardChainTests.october * 1000, payload: payload)
                }
                _ = try await store.ingest(terminal: terminal, uploaded, receivedAt: CardChainTests.october * 1000)
            }
        }
    }
}
