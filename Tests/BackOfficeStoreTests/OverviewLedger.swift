import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol

/// A generated ledger for checking the overview projection against the journal scan: several
/// terminals in several stores, members buying over a few months and changing tier, refunds
/// (some twice, some across stores), reversals, cardless purchases, voids (of sales, refunds,
/// states, other voids, and voids stored before what they void), foreign payloads. Deterministic
/// for a seed.
struct OverviewLedger {
    /// 2026-06-01T00:00:00Z.
    static let start: Int64 = 1_780_272_000
    static let day: Int64 = 86_400
    /// Terminal id → store ("" for none).
    static let stores: [UInt32: String] = [1: "Central", 2: "Central", 3: "Harbour", 4: "", 5: "Harbour"]

    /// Per terminal, its journal in sequence order.
    var journals: [UInt32: [UploadedTransaction]] = [:]

    private var random: SplitMix
    private var sales: [(terminal: UInt32, member: String, saleId: String, amount: Int64)] = []
    private var tiers: [String: String] = [:]

    init(seed: UInt64, transactions: Int) throws {
        random = SplitMix(seed: seed)
        let members = (1...(8 + Int(seed % 17))).map { "M\($0)" }
        let terminals = Self.stores.keys.sorted()
        var time = Self.start
        for _ in 0..<transactions {
            time += Int64(random.next(below: 6 * 3600))
            let terminal = terminals[random.next(below: terminals.count)]
            let member = members[random.next(below: members.count)]
            try append(terminal: terminal, member: member, time: time)
        }
    }

    private var sequences: [UInt32: UInt64] = [:]

    private mutating func journal(_ terminal: UInt32, _ time: Int64, _ payload: [UInt8]) {
        let sequence = (sequences[terminal] ?? 0) + 1
        sequences[terminal] = sequence
        // The journal's clock a little after the entry's (never past the scan's minute of margin).
        let recorded = time * 1000 + Int64(random.next(below: 30_000))
        journals[terminal, default: []].append(UploadedTransaction(sequence: sequence, recordedAt: recorded, payload: payload))
    }

    private mutating func state(_ member: String) -> MemberState {
        if random.next(below: 10) == 0 { tiers[member] = ["member", "silver", "gold"][random.next(below: 3)] }
        var state = MemberState(tierId: tiers[member] ?? "member")
        state.lots = [PointLot(month: Month(year: 2026, month: 6), points: Int64(random.next(below: 5_000)))]
        return state
    }

    private mutating func append(terminal: UInt32, member: String, time: Int64) throws {
        let roll = random.next(below: 100)
        var entry = LedgerEntry(kind: .sale, terminalId: terminal, time: time)
        entry.member = member
        switch roll {
        case 0..<55:
            let id = "S\(terminal)-\(sales.count)"
            let amount = Int64(10_000 + random.next(below: 500_000))
            entry.requestId = id
            entry.sale = Sale(saleId: id, amount: amount, currency: "VND")
            if random.next(below: 12) != 0 {
                entry.saleRecord = SaleRecord(
                    saleId: id, day: Day(number: Int(time / Self.day)), amount: amount, qualifyingSpend: amount,
                    billPoints: amount / 10_000, bonusPoints: Int64(random.next(below: 3)),
                    redeemedPoints: Int64(random.next(below: 2) * 50))
            }
            if random.next(below: 15) == 0 {
                entry.trust = CardlessPurchase.trust
            } else {
                entry.setMemberState(state(member))
            }
            sales.append((terminal, member, id, amount))
        case 55..<65 where !sales.isEmpty:
            // A refund (of any member's sale, at any till), sometimes of more than before.
            let sale = sales[random.next(below: sales.count)]
            entry = LedgerEntry(kind: .refund, terminalId: terminal, time: time)
            entry.member = sale.member
            entry.requestId = "R\(terminal)-\(time)"
            entry.refundedSaleId = sale.saleId
            let refunded = Int64(random.next(below: Int(sale.amount) + 20_000))
            entry.refundAmount = refunded
            entry.saleRecord = SaleRecord(
                saleId: sale.saleId, day: Day(number: Int(time / Self.day)), amount: sale.amount, qualifyingSpend: sale.amount,
                billPoints: sale.amount / 10_000, bonusPoints: 0, redeemedPoints: 0, refundedAmount: refunded)
            entry.setMemberState(state(sale.member))
        case 65..<70 where !sales.isEmpty:
            let sale = sales[random.next(below: sales.count)]
            entry = LedgerEntry(kind: .reversal, terminalId: terminal, time: time)
            entry.member = sale.member
            entry.saleRecord = SaleRecord(
                saleId: sale.saleId, day: Day(number: Int(time / Self.day)), amount: sale.amount, qualifyingSpend: sale.amount,
                billPoints: 0, bonusPoints: 0, redeemedPoints: 0, refundedAmount: Int64(random.next(below: Int(sale.amount))))
            entry.setMemberState(state(sale.member))
        case 70..<80:
            entry = LedgerEntry(kind: random.next(below: 2) == 0 ? .balance : .adjustment, terminalId: terminal, time: time)
            entry.member = member
            entry.setMemberState(state(member))
        case 80..<88 where (sequences[terminal] ?? 0) > 0:
            // A void of an earlier transaction of the same till (a sale, a refund, a void...).
            entry = LedgerEntry(kind: .void, terminalId: terminal, time: time)
            entry.voided = UInt64(1 + random.next(below: Int(sequences[terminal] ?? 1)))
            entry.reason = "never reached the card"
        case 88..<91:
            // A void of the till's next transaction, stored before it.
            entry = LedgerEntry(kind: .void, terminalId: terminal, time: time)
            entry.voided = (sequences[terminal] ?? 0) + 2
            entry.reason = "voided ahead"
        case 91..<94:
            journal(terminal, time, Array("not a ledger entry \(time)".utf8))
            return
        default:
            entry = LedgerEntry(kind: .enrolment, terminalId: terminal, time: time)
            entry.member = member
            entry.setMemberState(state(member))
        }
        journal(terminal, time, try entry.encoded())
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}
