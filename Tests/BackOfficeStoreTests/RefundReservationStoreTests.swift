import BackOfficeReports
import BackOfficeStorage
import Testing

/// Parts of sales held for refunds at any till (``RefundStore/reserveRefund(_:now:)``), on each
/// backend: two tills refunding the same sale at the same moment cannot both have it; a synced
/// refund counts once its transaction is projected; a hold lapses.
@Suite("Refund reservations", .timeLimit(.minutes(2)))
struct RefundReservationStoreTests {
    static let lifetime: Int64 = 300_000

    static func hold(_ sale: String, at saleTerminal: UInt32? = 7, by terminal: UInt32, refund: String, amount: Int64? = nil, now: Int64)
        -> RefundHold
    {
        RefundHold(
            saleTerminal: saleTerminal, saleId: sale, terminal: terminal, refundId: refund, amount: amount, createdAt: now,
            expiresAt: now + lifetime)
    }

    /// Stores and projects a sale of 100 000 at terminal 7 (`sequence`).
    static func sale(_ id: String, sequence: UInt64 = 1, terminal: UInt32 = 7, in store: any LedgerStore) async throws {
        try await RefundLedger.store(
            RefundLedger.sale(terminal: terminal, id: id, amount: 100_000, billPoints: 100), sequence: sequence, in: store)
        try await RaisedAlarms().projection(of: store).catchUp()
    }

    @Test(
        "two refunds of the same sale at once: one held, the other refund-in-progress; once the first is projected, already-refunded",
        arguments: Backend.allCases)
    func race(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            try await Self.sale("S-1", in: store)
            async let eight = store.reserveRefund(Self.hold("S-1", by: 8, refund: "R-8", now: baseTime), now: baseTime)
            async let nine = store.reserveRefund(Self.hold("S-1", by: 9, refund: "R-9", now: baseTime), now: baseTime)
            let outcomes = try await [eight, nine]
            let granted = outcomes.compactMap { outcome -> Int64? in
                guard case .granted(_, let refunded, let reserved, _) = outcome, refunded == 0 else { return nil }
                return reserved
            }
            #expect(granted == [100_000], "\(outcomes)")
            guard let index = outcomes.firstIndex(where: { if case .granted = $0 { true } else { false } }) else { return }
            let winner: UInt32 = index == 0 ? 8 : 9
            let loser: UInt32 = winner == 8 ? 9 : 8
            let refused = outcomes.first { if case .inProgress = $0 { true } else { false } }
            guard case .inProgress(let sale, let refunded, let holder) = refused else {
                Issue.record("no refund-in-progress: \(outcomes)")
                return
            }
            #expect(sale.saleId == "S-1" && refunded == 100_000 && holder == winner)

            // The winner asking again gets the same hold.
            let again = try await store.reserveRefund(
                Self.hold("S-1", by: winner, refund: "R-\(winner)", now: baseTime + 10), now: baseTime + 10)
            #expect(again == outcomes[index])

            // Its transaction arrives: the hold is used, the refund counts.
            try await RefundLedger.store(
                try RefundLedger.refund(terminal: winner, id: "R-\(winner)", of: "S-1", at: 7, amount: 100_000, takenBack: 100, card: true),
                sequence: 1, in: store)
            try await RaisedAlarms().projection(of: store).catchUp()
            let late = try await store.reserveRefund(
                Self.hold("S-1", by: loser, refund: "R-\(loser)", now: baseTime + 20), now: baseTime + 20)
            guard case .alreadyRefunded(_, let synced) = late else {
                Issue.record("not already-refunded: \(late)")
                return
            }
            #expect(synced == 100_000)
            // Long after the hold's lifetime, the used hold still answers its refund.
            let replay = try await store.reserveRefund(
                Self.hold("S-1", by: winner, refund: "R-\(winner)", now: baseTime + 10 * Self.lifetime), now: baseTime + 10 * Self.lifetime)
            guard case .granted(_, 0, 100_000, _) = replay else {
                Issue.record("the used hold is not answered: \(replay)")
                return
            }
        }
    }

    @Test("a part held lapses after its lifetime: what it held is free again", arguments: Backend.allCases)
    func expiry(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            try await Self.sale("S-2", in: store)
            let first = try await store.reserveRefund(Self.hold("S-2", by: 8, refund: "R-8", amount: 40_000, now: baseTime), now: baseTime)
            guard case .granted(_, 0, 40_000, let expiresAt) = first else {
                Issue.record("\(first)")
                return
            }
            #expect(expiresAt == baseTime + Self.lifetime)
            let rest = try await store.reserveRefund(Self.hold("S-2", by: 9, refund: "R-9", now: baseTime + 1), now: baseTime + 1)
            guard case .granted(_, 40_000, 60_000, _) = rest else {
                Issue.record("\(rest)")
                return
            }
            let none = try await store.reserveRefund(Self.hold("S-2", by: 10, refund: "R-10", now: baseTime + 2), now: baseTime + 2)
            guard case .inProgress(_, 100_000, 8) = none else {
                Issue.record("\(none)")
                return
            }
            // Terminal 8's hold has lapsed (terminal 9's, a millisecond younger, has not).
            let later = baseTime + Self.lifetime
            let freed = try await store.reserveRefund(Self.hold("S-2", by: 10, refund: "R-10", now: later), now: later)
            guard case .granted(_, 60_000, 40_000, _) = freed else {
                Issue.record("\(freed)")
                return
            }
            // Terminal 8 asking again after its hold lapsed: held anew, if anything is left (nothing is).
            let lapsed = try await store.reserveRefund(Self.hold("S-2", by: 8, refund: "R-8", amount: 40_000, now: later), now: later)
            guard case .inProgress = lapsed else {
                Issue.record("\(lapsed)")
                return
            }
        }
    }

    @Test("a sale found by id alone; the same id at two terminals is ambiguous; an unknown one is unknown", arguments: Backend.allCases)
    func finding(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            try await Self.sale("S-3", in: store)
            let alone = try await store.reserveRefund(
                Self.hold("S-3", at: nil, by: 8, refund: "R-1", amount: 1_000, now: baseTime), now: baseTime)
            guard case .granted(let sale, 0, 1_000, _) = alone else {
                Issue.record("\(alone)")
                return
            }
            #expect(sale.terminal == 7 && sale.sequence == 1 && sale.member == "M-1" && sale.billPoints == 100)
            try await Self.sale("S-3", sequence: 1, terminal: 11, in: store)
            #expect(
                try await store.reserveRefund(Self.hold("S-3", at: nil, by: 8, refund: "R-2", now: baseTime), now: baseTime)
                    == .ambiguousSale(terminals: [7, 11]))
            let named = try await store.reserveRefund(Self.hold("S-3", at: 11, by: 8, refund: "R-2", now: baseTime), now: baseTime)
            guard case .granted(let other, 0, 100_000, _) = named else {
                Issue.record("\(named)")
                return
            }
            #expect(other.terminal == 11)
            #expect(try await store.reserveRefund(Self.hold("S-404", by: 8, refund: "R-3", now: baseTime), now: baseTime) == .unknownSale)
        }
    }
}
