import BackOfficeStorage
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol

/// A year of a chain's ledger, generated: `terminals` tills in `stores` shops (four tills each),
/// `members` members of whom a fifth are regulars buying most, sales (a twelfth of them
/// redeeming points), refunds, balance checks, enrolments and a few voids, journaled in time
/// order and ingested as the sync does (each till's transactions in order, in big batches).
struct BenchLedger {
    let transactions: Int
    let members: Int
    let terminals: Int
    /// 2026-01-01T00:00:00Z: the ledger covers the year 2026.
    static let start: Int64 = 1_767_225_600
    static let year: Int64 = 365 * 86_400
    static let batch = 10_000

    func store(of terminal: UInt32) -> String { "Store \((Int(terminal) - 1) / 4 + 1)" }

    /// Enrols the tills and stores the ledger; answers the busiest member (the one whose data
    /// the benchmark reads).
    func fill(_ store: any LedgerStore, progress: (Int) -> Void) async throws -> String {
        for id in 1...UInt32(terminals) {
            try await store.enrol(
                EnrolledTerminal(
                    id: id, publicKey: [UInt8](repeating: 4, count: 65), label: "till \(id)", enrolledAt: 0, store: self.store(of: id)))
        }
        var random = BenchRandom(seed: 2026)
        var buffers: [UInt32: [UploadedTransaction]] = [:]
        var sequences: [UInt32: UInt64] = [:]
        var balances: [Int: Int64] = [:]
        var sales: [(member: Int, saleId: String, amount: Int64, terminal: UInt32)] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var stateCache: [String: String] = [:]
        func state(_ member: Int) -> String {
            let balance = balances[member] ?? 0
            let tier = balance > 20_000 ? "gold" : balance > 5_000 ? "silver" : "member"
            let key = "\(tier) \(balance)"
            if let cached = stateCache[key] { return cached }
            var state = MemberState(tierId: tier)
            state.lots = [PointLot(month: Month(year: 2026, month: 1), points: balance)]
            let encoded = Data(state.compactEncoded()).base64EncodedString()
            if stateCache.count < 200_000 { stateCache[key] = encoded }
            return encoded
        }
        func flush(_ terminal: UInt32) async throws {
            guard let buffer = buffers[terminal], !buffer.isEmpty else { return }
            _ = try await store.ingest(terminal: terminal, buffer, receivedAt: buffer.last!.recordedAt + 60_000)
            buffers[terminal] = []
        }
        var busiest: [Int: Int] = [:]
        for index in 0..<transactions {
            let time = Self.start + Int64(index) * Self.year / Int64(transactions)
            let terminal = UInt32(1 + random.next(below: terminals))
            // A fifth of the members make most of the visits.
            let member = random.next(below: 10) < 7 ? random.next(below: max(1, members / 5)) : random.next(below: members)
            let memberId = "M\(member)"
            busiest[member, default: 0] += 1
            var entry = LedgerEntry(kind: .sale, terminalId: terminal, time: time)
            entry.member = memberId
            let roll = random.next(below: 100)
            switch roll {
            case 0..<75:
                let amount = Int64(20_000 + random.next(below: 2_000_000))
                let id = "S\(terminal)-\(index)"
                let redeemed = random.next(below: 12) == 0 ? min(balances[member] ?? 0, 500) : 0
                let earned = amount / 10_000
                balances[member, default: 0] += earned - redeemed
                entry.requestId = id
                entry.sale = Sale(saleId: id, amount: amount, currency: "VND")
                entry.saleRecord = SaleRecord(
                    saleId: id, day: Day(number: Int(time / 86_400)), amount: amount, qualifyingSpend: amount, billPoints: earned,
                    bonusPoints: 0, redeemedPoints: redeemed)
                entry.state = state(member)
                sales.append((member, id, amount, terminal))
                if sales.count > 50_000 { sales.removeFirst(10_000) }
            case 75..<78 where !sales.isEmpty:
                let sale = sales[random.next(below: sales.count)]
                entry = LedgerEntry(kind: .refund, terminalId: terminal, time: time)
                entry.member = "M\(sale.member)"
                entry.requestId = "R\(terminal)-\(index)"
                entry.refundedSaleId = sale.saleId
                entry.refundAmount = sale.amount / 2
                entry.saleRecord = SaleRecord(
                    saleId: sale.saleId, day: Day(number: Int(time / 86_400)), amount: sale.amount, qualifyingSpend: sale.amount,
                    billPoints: sale.amount / 10_000, bonusPoints: 0, redeemedPoints: 0, refundedAmount: sale.amount / 2)
                entry.state = state(sale.member)
            case 78..<79 where (sequences[terminal] ?? 0) > 0:
                entry = LedgerEntry(kind: .void, terminalId: terminal, time: time)
                entry.member = nil
                entry.voided = sequences[terminal]
                entry.reason = "never reached the card"
            case 79..<85:
                entry = LedgerEntry(kind: .enrolment, terminalId: terminal, time: time)
                entry.member = memberId
                entry.state = state(member)
            default:
                entry = LedgerEntry(kind: .balance, terminalId: terminal, time: time)
                entry.member = memberId
                entry.state = state(member)
            }
            let sequence = (sequences[terminal] ?? 0) + 1
            sequences[terminal] = sequence
            buffers[terminal, default: []].append(
                UploadedTransaction(sequence: sequence, recordedAt: time * 1000, payload: Array(try encoder.encode(entry))))
            if buffers[terminal]!.count >= Self.batch / 4 { try await flush(terminal) }
            if index % 100_000 == 99_999 { progress(index + 1) }
        }
        for terminal in buffers.keys.sorted() { try await flush(terminal) }
        return "M\(busiest.max { $0.value < $1.value }?.key ?? 0)"
    }
}

/// A small deterministic generator (SplitMix64).
struct BenchRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(1, bound)))
    }
}
